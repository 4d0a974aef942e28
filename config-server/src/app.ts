import { timingSafeEqual } from 'node:crypto'
import { stringify } from 'yaml'
import { AppError, createServiceApp, type Logger, type Metrics } from '@shopfront/kit'
import type { Cipher } from '@shopfront/kit'
import { buildEnvironment, mergeSources } from './environment.ts'
import { toProperties, unflatten } from './flatten.ts'
import type { Repository } from './repository.ts'

export interface ConfigServerDeps {
  repository: Repository
  logger: Logger
  metrics?: Metrics
  /** Required on every request but health: `Authorization: Bearer <token>` or Basic with it as the password. */
  token: string
  cipher?: Cipher
  defaultLabel?: string
}

const namePattern = /^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*$/

/**
 * The config server: Spring Cloud Config's HTTP shape over a folder of YAML files.
 *
 * @example
 *   const app = createConfigServerApp({ repository, logger, token: 'dev-config-token', cipher })
 *   // GET /products/development -> { name, profiles, label, version, state, propertySources }
 */
export function createConfigServerApp({ repository, logger, metrics, token, cipher, defaultLabel = 'main' }: ConfigServerDeps) {
  const app = createServiceApp({
    logger,
    metrics,
    health: {
      checks: {
        repository: () => {
          if (repository.problem) throw new Error(`${repository.problem.file} does not parse: ${repository.problem.message}`)
        },
      },
      details: () => ({ version: safeVersion(repository) }),
    },
    guard: async (c, next) => {
      if (!authorized(c.req.header('authorization'), token)) {
        throw new AppError('unauthorized', 'A config server token is required (Authorization: Bearer <token>).')
      }
      await next()
    },
  })

  const environment = (application: string, profiles: string, label: string | undefined) => {
    const names = profiles.split(',').map((p) => p.trim()).filter(Boolean)
    if (!namePattern.test(application) || names.length === 0 || !names.every((p) => namePattern.test(p))) {
      throw new AppError('validation', 'Application and profile names are letters, digits, dots, dashes and underscores.')
    }
    if (label !== undefined && label !== defaultLabel) {
      throw new AppError('not_found', `No such label: ${label}. This repository serves "${defaultLabel}".`)
    }
    return buildEnvironment(repository.snapshot, { application, profiles: names, label: label ?? null, cipher, location: 'settings' })
  }

  app.post('/encrypt', async (c) => {
    if (!cipher) throw new AppError('unavailable', 'Encryption is not configured: set ENCRYPT_KEY.', { retryable: false })
    const plain = await c.req.text()
    if (!plain) throw new AppError('validation', 'Send the text to encrypt as the body.')
    return c.text('{cipher}' + cipher.encrypt(plain))
  })
  app.post('/decrypt', async (c) => {
    if (!cipher) throw new AppError('unavailable', 'Encryption is not configured: set ENCRYPT_KEY.', { retryable: false })
    try {
      return c.text(cipher.decrypt(await c.req.text()))
    } catch {
      throw new AppError('validation', 'The text cannot be decrypted with this server\'s key.')
    }
  })

  // /{application}-{profiles}.yml|.yaml|.json|.properties, optionally under /{label}/
  app.get('/:first/:second?', async (c, next) => {
    const [label, file] = c.req.param('second') ? [c.req.param('first'), c.req.param('second')!] : [undefined, c.req.param('first')]
    const m = /^(.+)-([^-]+)\.(ya?ml|json|properties)$/.exec(file)
    if (!m) return next()
    const env = environment(m[1]!, m[2]!, label)
    const merged = mergeSources(env)
    c.header('etag', `"${env.version}"`)
    if (m[3] === 'properties') return c.text(toProperties(merged))
    if (m[3] === 'json') return c.json(unflatten(merged))
    return c.text(stringify(unflatten(merged)), 200, { 'content-type': 'text/yaml; charset=utf-8' })
  })

  app.get('/:application/:profiles/:label?', (c) => {
    const env = environment(c.req.param('application'), c.req.param('profiles'), c.req.param('label'))
    const etag = `"${env.version}"`
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag })
    c.header('etag', etag)
    return c.json(env)
  })
  return app
}

function authorized(header: string | undefined, token: string): boolean {
  if (!header) return false
  const [scheme, value = ''] = header.split(' ', 2)
  let presented = ''
  if (scheme?.toLowerCase() === 'bearer') presented = value
  else if (scheme?.toLowerCase() === 'basic') presented = Buffer.from(value, 'base64').toString().split(':').slice(1).join(':')
  const a = Buffer.from(presented)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function safeVersion(repository: Repository) {
  try {
    return repository.snapshot.version
  } catch {
    return null
  }
}
