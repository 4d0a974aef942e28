import { stringify } from 'yaml'
import { AppError, basicCredentials, createServiceApp, sameSecret, type Logger, type Metrics } from '@shopfront/kit'
import type { Cipher } from '@shopfront/kit'
import { buildEnvironment, mergeSources } from './environment.ts'
import { toProperties, unflatten } from './flatten.ts'
import type { Repository } from './repository.ts'

export interface ConfigServerDeps {
  repository: Repository
  logger: Logger
  metrics?: Metrics
  /**
   * The operator's token: reads every application and may encrypt and decrypt. Required on
   * every request but health: `Authorization: Bearer <token>` or Basic with it as the password.
   */
  token: string
  /** Per-application tokens (CONFIG_CLIENT_TOKENS): each reads its own application's settings and nothing else. */
  clientTokens?: Record<string, string>
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
export function createConfigServerApp({
  repository,
  logger,
  metrics,
  token,
  clientTokens = {},
  cipher,
  defaultLabel = 'main',
}: ConfigServerDeps) {
  // who sent the request being handled: the operator (undefined) or one application
  const callers = new WeakMap<Request, string>()
  const app = createServiceApp({
    logger,
    metrics,
    health: {
      checks: {
        repository: () => {
          if (repository.problem)
            throw new Error(`${repository.problem.file} does not parse: ${repository.problem.message}`)
        },
      },
      details: () => ({ version: safeVersion(repository) }),
    },
    guard: async (c, next) => {
      const presented = presentedToken(c.req.header('authorization'))
      if (!sameSecret(presented, token)) {
        const application = Object.entries(clientTokens).find(([, secret]) => sameSecret(presented, secret))?.[0]
        if (!application)
          throw new AppError('unauthorized', 'A config server token is required (Authorization: Bearer <token>).')
        callers.set(c.req.raw, application)
      }
      await next()
    },
  })

  const environment = (request: Request, application: string, profiles: string, label: string | undefined) => {
    const caller = callers.get(request)
    if (caller !== undefined && caller !== application)
      throw new AppError('forbidden', `This token reads the settings of ${caller} only.`)
    const names = profiles
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
    if (!namePattern.test(application) || names.length === 0 || !names.every((p) => namePattern.test(p))) {
      throw new AppError(
        'validation',
        'Application and profile names are letters, digits, dots, dashes and underscores.',
      )
    }
    if (label !== undefined && label !== defaultLabel) {
      throw new AppError('not_found', `No such label: ${label}. This repository serves "${defaultLabel}".`)
    }
    return buildEnvironment(repository.snapshot, {
      application,
      profiles: names,
      label: label ?? null,
      cipher,
      location: 'settings',
    })
  }

  const operatorOnly = (request: Request) => {
    if (callers.has(request))
      throw new AppError('forbidden', "Encryption takes the operator's token (CONFIG_TOKEN), not an application's.")
  }
  app.post('/encrypt', async (c) => {
    operatorOnly(c.req.raw)
    if (!cipher)
      throw new AppError('unavailable', 'Encryption is not configured: set ENCRYPT_KEY.', { retryable: false })
    const plain = await c.req.text()
    if (!plain) throw new AppError('validation', 'Send the text to encrypt as the body.')
    return c.text(`{cipher}${cipher.encrypt(plain)}`)
  })
  app.post('/decrypt', async (c) => {
    operatorOnly(c.req.raw)
    if (!cipher)
      throw new AppError('unavailable', 'Encryption is not configured: set ENCRYPT_KEY.', { retryable: false })
    try {
      return c.text(cipher.decrypt(await c.req.text()))
    } catch {
      throw new AppError('validation', "The text cannot be decrypted with this server's key.")
    }
  })

  // /{application}-{profiles}.yml|.yaml|.json|.properties, optionally under /{label}/
  app.get('/:first/:second?', async (c, next) => {
    const second = c.req.param('second')
    const [label, file] = second ? [c.req.param('first'), second] : [undefined, c.req.param('first')]
    const [, application, profiles, format] = /^(.+)-([^-]+)\.(ya?ml|json|properties)$/.exec(file) ?? []
    if (!application || !profiles) return next()
    const env = environment(c.req.raw, application, profiles, label)
    const merged = mergeSources(env)
    c.header('etag', `"${env.version}"`)
    if (format === 'properties') return c.text(toProperties(merged))
    if (format === 'json') return c.json(unflatten(merged))
    return c.text(stringify(unflatten(merged)), 200, { 'content-type': 'text/yaml; charset=utf-8' })
  })

  app.get('/:application/:profiles/:label?', (c) => {
    const env = environment(c.req.raw, c.req.param('application'), c.req.param('profiles'), c.req.param('label'))
    const etag = `"${env.version}"`
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag })
    c.header('etag', etag)
    return c.json(env)
  })
  return app
}

function presentedToken(header: string | undefined): string {
  if (!header) return ''
  const [scheme, value = ''] = header.split(' ', 2)
  if (scheme?.toLowerCase() === 'bearer') return value
  return basicCredentials(header)?.password ?? ''
}

/** CONFIG_CLIENT_TOKENS: `users=<token>,sales=<token>` into a map. */
export function parseClientTokens(text: string | undefined): Record<string, string> {
  const tokens: Record<string, string> = {}
  for (const pair of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=')
    if (at < 1) throw new Error(`CONFIG_CLIENT_TOKENS: "${pair.slice(0, 40)}" is not application=token`)
    tokens[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return tokens
}

function safeVersion(repository: Repository) {
  try {
    return repository.snapshot.version
  } catch {
    return null
  }
}
