import { StartupError } from '../serve.ts'

/**
 * The values the repository ships for development (`bun start`, tests). They are public,
 * so a process running with NODE_ENV=production refuses every one of them.
 */
export const developmentSecrets: ReadonlySet<string> = new Set([
  'dev-config-token',
  'shopfront-development-key',
  'shopfront-admin-dev',
  'dev-users-key-encryption-key-0001',
  'dev-cart-service-secret',
  'dev-sales-service-secret',
  'dev-support-service-secret',
  'dev-gateway-service-secret',
  'dev-web-service-secret',
  'sk_test_shopfront',
  'shopfront-dev',
  'postgres',
])

/** Settings keys that hold secrets (a trailing `.*` covers every key below it). */
export const secretSettings = [
  'users.keyEncryptionKey',
  'users.firstAdmin.password',
  'users.serviceClients.*',
  'identity.clientSecret',
  'payments.apiKey',
  'database.url',
  'gateway.metricsToken',
]

/** The Dockerfile sets NODE_ENV=production; `bun start` and the tests do not. */
export function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'production'
}

/** Why `value` cannot be a production secret, or undefined when it can. */
export function weakSecret(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return 'is not set'
  if (developmentSecrets.has(value)) return 'still has its development value'
  if (value.length < 16) return 'is shorter than 16 characters'
  return undefined
}

export interface SecretCheck {
  /** What the operator reads: a setting key or an environment variable. */
  name: string
  value: string | undefined
  /** How to set it, e.g. "set CONFIG_TOKEN (bun run deploy:secrets writes one into .env)". */
  howTo: string
}

/**
 * Throws a StartupError with one line per secret that is missing, too short or still a
 * development value; does nothing outside production.
 *
 * @example
 *   refuseWeakSecrets('config-server', process.env, [{ name: 'ENCRYPT_KEY', value: env.ENCRYPT_KEY, howTo: 'set ENCRYPT_KEY' }])
 */
export function refuseWeakSecrets(app: string, env: Record<string, string | undefined>, checks: SecretCheck[]): void {
  if (!isProduction(env)) return
  const lines = checks.flatMap(({ name, value, howTo }) => {
    const why = weakSecret(value)
    return why ? [`  ${name} ${why}: ${howTo}`] : []
  })
  if (lines.length)
    throw new StartupError(`${app} refuses to start in production (NODE_ENV=production):\n${lines.join('\n')}`)
}

/**
 * The secret settings among a service's merged properties, checked as `refuseWeakSecrets`
 * does. A `{cipher}` value the config server could not decrypt (served as `invalid.<key>`)
 * counts as missing: it was encrypted with another key, such as the development one.
 * For `database.url` the password is what is checked.
 */
export function secretSettingChecks(
  properties: Record<string, unknown>,
  envName: (key: string) => string,
): SecretCheck[] {
  const isSecret = (key: string) =>
    secretSettings.some((s) => (s.endsWith('.*') ? key.startsWith(s.slice(0, -1)) : key === s))
  const checks: SecretCheck[] = []
  for (const [raw, value] of Object.entries(properties)) {
    const undecryptable = raw.startsWith('invalid.')
    const key = undecryptable ? raw.slice('invalid.'.length) : raw
    if (!isSecret(key)) continue
    const text = undecryptable ? undefined : String(value ?? '')
    const howTo = `set ${envName(key)}${undecryptable ? ' (its {cipher} value was encrypted with another key than ENCRYPT_KEY)' : ''}, see deploy/README.md`
    checks.push({ name: key, value: key === 'database.url' && text !== undefined ? passwordOf(text) : text, howTo })
  }
  return checks
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined
  } catch {
    return undefined
  }
}
