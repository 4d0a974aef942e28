import * as z from 'zod'
import { shopTerms } from '../shop-terms.ts'

const duration = z.string().regex(/^(\d+(\.\d+)?(ms|s|m|h))+$/, 'a duration like 500ms, 2s or 1m')

/**
 * What every app's settings have (from application.yml); a service extends it with its
 * own section. Env variables override any key (see services/kit/README.md: Settings of a service).
 */
export const baseSettings = z.object({
  http: z.object({
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** The address other processes reach this one at (the container name in docker-compose). */
    advertiseAddress: z.string().min(1).optional(),
    maxBodyBytes: z.number().int().positive(),
    drainMs: z.number().int().min(0),
  }),
  registry: z.object({
    checkInterval: duration,
    checkTimeout: duration,
    deregisterAfter: duration,
  }),
  clients: z.object({
    timeoutMs: z.number().int().positive(),
    retries: z.number().int().min(0).max(5),
    breaker: z.object({
      errorThresholdPercentage: z.number().min(1).max(100),
      volumeThreshold: z.number().int().min(0),
      resetTimeoutMs: z.number().int().positive(),
    }),
  }),
  config: z.object({ pollMs: z.number().int().min(100) }),
  /** How services verify access tokens: the users service's JWKS, found through the registry. */
  auth: z.object({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    jwksService: z.string().min(1),
    jwksPath: z.string().startsWith('/'),
    /** JWKS_URL: the signing keys come from this URL, pinned, instead of the registry (see deploy/README.md). */
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The signer's revoked access tokens, beside its keys (with JWKS_URL, on the same host). */
    revocationsPath: z.string().startsWith('/').default('/.well-known/revocations.json'),
    /** How often a verifier fetches the revocations again: a revoked token stops within this. */
    revocationsTtlMs: z.number().int().min(0).default(5000),
  }),
  log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error']) }),
  /** This service's client credentials for service tokens (calls to other services' /internal endpoints). */
  identity: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(16) }).optional(),
})

export const databaseSettings = z.object({
  database: z.object({
    url: z
      .string(
        'set DATABASE_URL to your PostgreSQL server (postgres://user:password@host:5432/postgres); `bun start` sets it to its embedded one',
      )
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
    /** This service's own database on that server; created when missing. */
    name: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
    /** At least 2: migrating at start holds one connection for its lock while the migrations run on another. */
    poolMax: z.number().int().min(2, 'at least 2: migrating holds one connection for its lock'),
  }),
})

/** Where services that send e-mail (through the kit's outbox) hand it over: one SMTP server for all (application.yml). */
export const mailSettings = z.object({
  smtp: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    from: z.string().min(3),
    /** Days a sent mail keeps its text and HTML: then they are emptied (the row, who got what and when, stays). */
    keepSentDays: z.number().int().min(1).max(3650).default(90),
  }),
  shop: shopTerms.extend({
    /** Where customers reach the shop (the gateway): links and pictures in e-mails point there. */
    publicUrl: z.url({ protocol: /^https?$/ }),
    /** The domain of this service's Message-IDs. */
    mailDomain: z.string().min(3),
  }),
})

/** What every service with a database reads (the base and database sections); `.extend` it with the service's own. */
export const serviceSettings = baseSettings.extend(databaseSettings.shape)

/** The same for a service that sends e-mail through its outbox: with the `smtp` section too. */
export const mailingServiceSettings = serviceSettings.extend(mailSettings.shape)

export type BaseSettings = z.infer<typeof baseSettings>
/** The shop as a service's e-mails name it: where it is, the domain of their Message-IDs, its terms. */
export type MailShop = z.infer<typeof mailSettings>['shop']
