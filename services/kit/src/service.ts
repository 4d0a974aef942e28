import Redis from 'ioredis'
import type { z } from 'zod'
import { serviceKeysInRegistry } from './auth/service-keys.ts'
import { copiesInRegistry, createServiceVerifier } from './auth/signer-sources.ts'
import type { TokenVerifier } from './auth/token-verifier.ts'
import { bootService, type ServiceDeps, type ServiceParts } from './boot.ts'
import { bootstrapSettings } from './prepare.ts'
import type { BaseSettings } from './config/settings.ts'
import type { LiveConfig } from './config/live-config.ts'
import type { Database, PostgresJsDatabase } from './db.ts'
import type { HealthOptions } from './http/health.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import { exitOnSignals, runMain, StartupError, surviveStrayResets, type FetchApp } from './serve.ts'

type WithDatabase = { database: { url: string; name?: string; poolMax: number } }

/** What a service's createApp gets: the kit's deps, its database and token verifier, and Redis when REDIS_URL is set. */
export interface AppDeps<T> extends Omit<ServiceDeps<T>, 'db'> {
  /** Its database through drizzle, on the service's one pool (what its repositories take). */
  db: PostgresJsDatabase
  /** The pool itself (postgres.js, the readiness ping), for the rare code below drizzle. */
  database: Database
  /**
   * Access and service tokens, verified against the signer's JWKS (JWKS_URL, or found
   * through the registry; while the signer is away, the copy it published in the registry).
   */
  verifier: TokenVerifier
  /** One shared client, closed at shutdown; undefined without REDIS_URL (in-process stores then). */
  redis?: Redis
}

/**
 * What every service's own `createApp` (the factory its tests drive) takes: its database
 * through drizzle, its live settings, the logger, and the token verifier; metrics and
 * readiness checks where it runs for real. A service's deps extend this with its neighbours.
 */
export interface ServiceAppDeps<T> {
  /** Its database, through drizzle. */
  db: PostgresJsDatabase
  config: LiveConfig<T>
  logger: Logger
  metrics?: Metrics
  health?: HealthOptions
  /** Verifies access and service tokens (the kit builds it against the users service's JWKS). */
  verifier: TokenVerifier
}

/** A service, described once: `main.ts` runs it with `runService`, and nothing else. */
export interface ServiceDefinition<S extends z.ZodType<BaseSettings & WithDatabase>, N = undefined> {
  name: string
  settings: S
  /** Its drizzle migrations folder, applied at start. */
  migrations: string
  /** It sends e-mail through the kit's outbox. */
  mailOutbox?: boolean
  /** Settings that only apply at the next start. */
  restartKeys?: string[]
  /**
   * The services it calls, made from the kit's clients (discovery, breaker, retries, its
   * service token): what its createApp gets as `neighbours`, and its tests replace.
   */
  neighbours?: (client: AppDeps<z.infer<S>>['client']) => N
  createApp(deps: AppDeps<z.infer<S>> & { neighbours: N }): FetchApp | ServiceParts
}

/**
 * Describes a service: its name, settings schema, migrations, the neighbours it calls and
 * how its app (and its background jobs) are made from the deps the kit builds.
 *
 * @example
 *   export const sales = defineService({ name: 'sales', settings: salesSettings, migrations, neighbours: neighboursOverHttp, createApp })
 *   // main.ts: runService(sales)
 */
export function defineService<S extends z.ZodType<BaseSettings & WithDatabase>, N = undefined>(
  definition: ServiceDefinition<S, N>,
): ServiceDefinition<S, N> {
  return definition
}

/** Starts a defined service as `bootService` does and shuts it down on SIGTERM/SIGINT; the whole of a `main.ts`. */
export function runService<S extends z.ZodType<BaseSettings & WithDatabase>, N>(
  definition: ServiceDefinition<S, N>,
  env = process.env,
) {
  runMain(async () => {
    const { redisUrl } = bootstrapSettings(definition.name, env)
    const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500 }) : undefined
    let reportRedis = (_err: Error) => {}
    redis?.on('error', (err) => reportRedis(err))
    const { shutdown, logger } = await bootService({
      name: definition.name,
      schema: definition.settings,
      migrationsFolder: definition.migrations,
      mailOutbox: definition.mailOutbox,
      restartKeys: definition.restartKeys,
      env,
      createApp: ({ db, ...deps }) => {
        if (!db) throw new StartupError(`${definition.name}: no database (its settings need a database section)`)
        const { client, config, consul } = deps
        const verifier = createServiceVerifier(
          client,
          config.current.auth,
          copiesInRegistry(consul),
          serviceKeysInRegistry(consul),
        )
        const neighbours = definition.neighbours?.(deps.client) as N
        return definition.createApp({ ...deps, db: db.db, database: db, verifier, redis, neighbours })
      },
    })
    reportRedis = (err) => logger.debug('redis unavailable', { error: err.message })
    surviveStrayResets(logger)
    exitOnSignals(async () => {
      await shutdown()
      redis?.disconnect()
    })
  })
}
