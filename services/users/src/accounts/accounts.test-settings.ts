import { usersSettings } from '../settings.ts'

/** Settings for the users tests: small limits so lockouts and expiry are quick to reach. */
export const settings = usersSettings.parse({
  http: { host: '127.0.0.1', port: 0, maxBodyBytes: 1_048_576, drainMs: 1000 },
  registry: { checkInterval: '1s', checkTimeout: '1s', deregisterAfter: '30s' },
  clients: { timeoutMs: 1000, retries: 1, breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 1000 } },
  config: { pollMs: 1000 },
  log: { level: 'warn' },
  auth: { issuer: 'shopfront-users', audience: 'shopfront', jwksService: 'users', jwksPath: '/.well-known/jwks.json' },
  database: { url: 'postgres://unused', poolMax: 10 },
  users: { accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30, keyRotationHours: 24, keyEncryptionKey: 'test-key-encryption-key', verification: { codeTtlMinutes: 15, maxAttempts: 3, resendAfterSeconds: 60 }, lockout: { maxFailures: 3, maxFailuresPerIp: 8, minutes: 15 }, serviceTokenTtlSeconds: 300, serviceClients: { sales: 'sales-secret-0123456789' } },
  smtp: { host: '127.0.0.1', port: 1025, from: 'Shopfront <no-reply@shopfront.dev>' },
})
