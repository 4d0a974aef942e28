import * as z from 'zod'
import { mailingServiceSettings } from '@shopfront/kit'

export const usersSettings = mailingServiceSettings.extend({
  users: z.object({
    accessTokenTtlSeconds: z.number().int().min(30).max(86_400),
    refreshTokenTtlDays: z.number().int().min(1).max(365),
    /** A new signing key after this long; old keys stay published until their tokens expire. */
    keyRotationHours: z
      .number()
      .min(0.01)
      .max(24 * 365),
    /** Encrypts the private signing keys at rest; store it as a {cipher} value. */
    keyEncryptionKey: z.string().min(16, 'at least 16 characters (and stored encrypted)'),
    verification: z.object({
      codeTtlMinutes: z.number().int().min(1).max(1440),
      maxAttempts: z.number().int().min(1).max(20),
      resendAfterSeconds: z.number().int().min(0).max(3600),
    }),
    /**
     * Sign-in throttling (see signInThrottle): failures of one account from one address
     * before each try waits (1 s, doubling, up to `minutes`); failures for unknown accounts
     * from one address before it is refused wrong sign-ins for `minutes`.
     */
    lockout: z.object({
      maxFailures: z.number().int().min(1),
      maxFailuresPerIp: z.number().int().min(1),
      minutes: z.number().int().min(1),
    }),
    serviceTokenTtlSeconds: z.number().int().min(30).max(3600),
    /**
     * argon2id's cost for each password hashed (a sign-up, a sign-in's check, a new password):
     * memory in KiB and passes. Production refuses less than OWASP's minimum (19 MiB, 2 passes).
     */
    passwordHashing: z.object({
      memoryKiB: z.number().int().min(64).max(1_048_576),
      timeCost: z.number().int().min(1).max(10),
    }),
    /** Created at start when no admin exists, so a new install can be administered. */
    firstAdmin: z.object({ email: z.email(), name: z.string().min(1), password: z.string().min(8) }).optional(),
    /** The services that may ask for a service token, with their secrets (stored as {cipher} values). */
    serviceClients: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string().min(16)),
  }),
})

export type UsersSettings = z.infer<typeof usersSettings>
