/**
 * The shared part of a service's settings, for tests that build an app in-process: quick
 * checks and timeouts, quiet logs. A test adds its service's own section and parses.
 *
 * @example
 *   const settings = cartSettings.parse({ ...baseTestSettings, cart: { maxQuantityPerLine: 20, maxLines: 3 } })
 */
export const baseTestSettings = {
  http: { host: '127.0.0.1', port: 0, maxBodyBytes: 1_048_576, drainMs: 1000 },
  registry: { checkInterval: '1s', checkTimeout: '1s', deregisterAfter: '30s' },
  clients: {
    timeoutMs: 1000,
    retries: 1,
    breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeoutMs: 1000 },
  },
  config: { pollMs: 1000 },
  log: { level: 'warn' },
  auth: { issuer: 'shopfront-users', audience: 'shopfront', jwksService: 'users', jwksPath: '/.well-known/jwks.json' },
  database: { url: 'postgres://unused', poolMax: 20 },
} as const
