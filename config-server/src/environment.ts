import { cipherPrefix, type Cipher } from '@shopfront/kit'
import { flatten, type Flat } from './flatten.ts'
import type { Snapshot } from './repository.ts'

export interface PropertySource {
  name: string
  source: Flat
}

/** Spring Cloud Config's Environment, as GET /{application}/{profiles}[/{label}] returns it. */
export interface Environment {
  name: string
  profiles: string[]
  label: string | null
  version: string
  state: string | null
  propertySources: PropertySource[]
}

/**
 * The property sources for an application and its profiles, most specific first, as
 * Spring Cloud Config orders them: later profiles win over earlier ones, and for each
 * profile `{app}-{profile}` wins over `application-{profile}`; then `{app}`, then
 * `application`. `{cipher}` values are decrypted; one that cannot be is served as
 * `invalid.<key>: <n/a>`, never as its ciphertext.
 */
export function buildEnvironment(
  snapshot: Snapshot,
  {
    application,
    profiles,
    label,
    cipher,
    location,
  }: { application: string; profiles: string[]; label: string | null; cipher?: Cipher; location: string },
): Environment {
  const names = [...profiles].reverse().flatMap((p) => [`${application}-${p}`, `application-${p}`])
  names.push(application, 'application')
  const propertySources: PropertySource[] = []
  for (const base of [...new Set(names)]) {
    for (const ext of ['yml', 'yaml']) {
      const file = `${base}.${ext}`
      if (snapshot.files.has(file))
        propertySources.push({
          name: `file:${location}/${file}`,
          source: decryptAll(flatten(snapshot.files.get(file)), cipher),
        })
    }
  }
  return { name: application, profiles, label, version: snapshot.version, state: null, propertySources }
}

/** All sources folded into one map, the most specific value winning. */
export function mergeSources(env: Environment): Flat {
  const merged: Flat = {}
  for (const { source } of [...env.propertySources].reverse()) Object.assign(merged, source)
  return merged
}

function decryptAll(source: Flat, cipher?: Cipher): Flat {
  const out: Flat = {}
  for (const [key, value] of Object.entries(source)) {
    if (typeof value !== 'string' || !value.startsWith(cipherPrefix)) {
      out[key] = value
      continue
    }
    try {
      if (!cipher) throw new Error('no ENCRYPT_KEY')
      out[key] = cipher.decrypt(value)
    } catch {
      out[`invalid.${key}`] = '<n/a>'
    }
  }
  return out
}
