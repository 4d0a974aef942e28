import type { z } from 'zod'
import { StartupError } from '../serve.ts'
import { refuseWeakSecrets, secretSettingChecks } from './production.ts'

export interface ConfigSource {
  /** The config server, e.g. http://127.0.0.1:8888. */
  url: string
  token: string
  application: string
  profiles: string[]
  fetch?: typeof fetch
}

export interface LoadedConfig<T> {
  settings: T
  version: string
  /** The merged flat properties, after environment overrides. */
  properties: Record<string, unknown>
}

type PropertySource = { name: string; source: Record<string, unknown> }

/** Fetches the application's Environment from the config server; undefined when unchanged since `version`. */
export async function fetchEnvironment(source: ConfigSource, version?: string) {
  const res = await (source.fetch ?? fetch)(`${source.url}/${source.application}/${source.profiles.join(',')}`, {
    headers: { authorization: `Bearer ${source.token}`, ...(version ? { 'if-none-match': `"${version}"` } : {}) },
    signal: AbortSignal.timeout(5000),
  })
  if (res.status === 304) return undefined
  if (!res.ok) throw new Error(`config server answered ${res.status} ${(await res.text()).slice(0, 200)}`)
  return (await res.json()) as { version: string; propertySources: PropertySource[] }
}

/**
 * Folds the property sources (most specific first) into one map, lets environment
 * variables override any key (`database.url` <- DATABASE_URL, `http.maxBodyBytes` <-
 * HTTP_MAX_BODY_BYTES), and validates the nested result against the service's schema.
 * Throws a StartupError that names every bad key.
 */
export function resolveSettings<S extends z.ZodType>(
  schema: S,
  sources: PropertySource[],
  env: Record<string, string | undefined>,
  application = 'service',
): { settings: z.infer<S>; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {}
  for (const { source } of [...sources].reverse()) Object.assign(properties, source)
  for (const key of Object.keys(properties)) {
    // a {cipher} value the config server could not decrypt is served as `invalid.<key>`:
    // the environment can still give the real one
    const target = key.startsWith('invalid.') ? key.slice('invalid.'.length) : key
    const value = env[envName(target)]
    if (value === undefined) continue
    properties[target] = coerceLike(properties[target], value)
    if (target !== key) delete properties[key]
  }
  for (const [name, key] of Object.entries(envOnlyKeys)) if (env[name]) properties[key] = env[name]
  refuseWeakSecrets(application, env, secretSettingChecks(properties, envName))
  const result = schema.safeParse(nest(properties))
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new StartupError(`invalid settings for ${application}:\n${lines.join('\n')}`)
  }
  return { settings: result.data, properties }
}

/** Loads, merges, overrides and validates: the start of every service. */
export async function loadConfig<S extends z.ZodType>(
  source: ConfigSource,
  schema: S,
  { env = process.env, waitMs = 15_000 }: { env?: Record<string, string | undefined>; waitMs?: number } = {},
): Promise<LoadedConfig<z.infer<S>>> {
  const deadline = Date.now() + waitMs
  for (let attempt = 1; ; attempt++) {
    try {
      // no version asked for, so never a 304
      const environment = await fetchEnvironment(source)
      if (!environment) throw new Error('config server answered 304 to a request without a version')
      return {
        ...resolveSettings(schema, environment.propertySources, env, source.application),
        version: environment.version,
      }
    } catch (err) {
      if (err instanceof StartupError) throw err
      if (Date.now() > deadline)
        throw new StartupError(
          `cannot load settings for ${source.application} from ${source.url}: ${(err as Error).message}`,
        )
      await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2000)))
    }
  }
}

/** Settings that no settings file holds, given by the environment alone (see deploy/README.md). */
const envOnlyKeys: Record<string, string> = {
  /** Verifiers fetch the signing keys from this URL instead of finding users through the registry. */
  JWKS_URL: 'auth.jwksUrl',
  /**
   * The PostgreSQL server: from the environment only (bun start sets its embedded one's).
   * No settings file names one, so a service started alone never joins the balancer
   * against whatever server happens to answer on 127.0.0.1:5432.
   */
  DATABASE_URL: 'database.url',
}

/** The environment variable that overrides a key: `http.maxBodyBytes` <- HTTP_MAX_BODY_BYTES. */
export function envName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[.\-[\]]+/g, '_')
    .replace(/_$/, '')
    .toUpperCase()
}

function coerceLike(current: unknown, value: string): unknown {
  if (typeof current === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  if (typeof current === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

/** `a.b[0].c` flat keys back into nested objects and arrays. */
export function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(flat)) {
    const path = name.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')
    // arrays are indexed by their keys' digits, as objects are by names
    let node = root
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value
      else {
        node[key] ??= /^\d+$/.test(path[i + 1] ?? '') ? [] : {}
        node = node[key] as Record<string, unknown>
      }
    })
  }
  return root
}
