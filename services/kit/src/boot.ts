import type { z } from 'zod'
import { type OwnServiceKey, ownServiceKey, publishingOwnKey } from './auth/service-keys.ts'
import { serviceTokenProvider } from './auth/service-token.ts'
import { createBreakers, type Breakers } from './breaker.ts'
import { createLiveConfig, type LiveConfig } from './config/live-config.ts'
import { loadConfig, type ConfigSource } from './config/load-config.ts'
import { isProduction, refuseWeakSecrets } from './config/production.ts'
import { redisChangeSignal } from './config/redis-signal.ts'
import type { BaseSettings, mailSettings } from './config/settings.ts'
import { connectDatabase, migrateDatabase, type Database } from './db.ts'
import { createConsul, type Consul } from './discovery/consul.ts'
import { createDiscovery, type Discovery } from './discovery/discovery.ts'
import { advertisedAddress, registerService } from './discovery/registration.ts'
import type { HealthOptions } from './http/health.ts'
import { createLogger, type Logger } from './logger.ts'
import { createMetrics, type Metrics } from './metrics.ts'
import { createMailDispatcher, smtpTransport } from './mail/outbox.ts'
import { listen, StartupError, type FetchApp } from './serve.ts'
import { createServiceClient, type ServiceClient, type ServiceClientOptions } from './service-client.ts'

type WithDatabase = { database?: { url: string; name?: string; poolMax: number } }

/** Work a service does in the background for as long as it runs (the kit's repeatInBackground makes one). */
export interface Job {
  start(): void
  stop(): Promise<unknown> | unknown
}

/** What a service's createApp gives the kit: its app and its background jobs. */
export interface ServiceParts {
  app: FetchApp
  jobs?: Job[]
}

/** What `main.ts` hands to a service's `createApp`. Tests build the same by hand. */
export interface ServiceDeps<T> {
  config: LiveConfig<T>
  logger: Logger
  metrics: Metrics
  db?: Database
  discovery: Discovery
  breakers: Breakers
  /** The registry client, for what discovery does not cover (e.g. listing every service). */
  consul: Consul
  /** Readiness checks and details for `createServiceApp({ health })`. */
  health: HealthOptions
  /** A client for a neighbour, with the settings' timeout, retries and breaker. */
  client(service: string, options?: Partial<ServiceClientOptions>): ServiceClient
}

export interface BootOptions<S extends z.ZodType<BaseSettings & WithDatabase>> {
  name: string
  schema: S
  /** The app, or the app and its background jobs (started once it serves, stopped before the database closes). */
  createApp: (deps: ServiceDeps<z.infer<S>>) => FetchApp | ServiceParts
  /** The service's drizzle migrations folder, applied at start; a service without one opens no database. */
  migrationsFolder?: string
  /**
   * The service sends e-mail through the kit's outbox: its table is created with the
   * migrations, and a dispatcher sends what it holds to the `smtp` settings' server
   * (stopped before the database closes).
   */
  mailOutbox?: boolean
  env?: Record<string, string | undefined>
  /** Settings that only apply at the next start. */
  restartKeys?: string[]
}

/** How a process finds the config server and the registry: environment only (see README). */
export function bootstrapSettings(name: string, env: Record<string, string | undefined> = process.env) {
  return {
    source: {
      url: (env.CONFIG_SERVER_URL ?? 'http://127.0.0.1:8888').replace(/\/$/, ''),
      token: env.CONFIG_TOKEN ?? 'dev-config-token',
      application: name,
      profiles: (env.PROFILES ?? 'development')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    } satisfies ConfigSource,
    consulAddress: env.CONSUL_HTTP_ADDR ?? '127.0.0.1:8500',
    consulToken: env.CONSUL_HTTP_TOKEN,
    redisUrl: env.REDIS_URL || undefined,
  }
}

/**
 * Everything a service needs but its database and its own server: settings (config
 * server, env overrides, validation, live refresh), logger, metrics, registry client,
 * discovery, breakers and clients for neighbours. `bootService` builds on it; tests use
 * it to run an app in-process exactly as it runs in production.
 */
export async function prepareService<S extends z.ZodType<BaseSettings & WithDatabase>>(
  name: string,
  schema: S,
  {
    env = process.env,
    restartKeys = ['http', 'database', 'registry'],
  }: { env?: Record<string, string | undefined>; restartKeys?: string[] } = {},
) {
  const boot = bootstrapSettings(name, env)
  refuseWeakSecrets(name, env, [
    {
      name: 'CONFIG_TOKEN',
      value: env.CONFIG_TOKEN,
      howTo: `set CONFIG_TOKEN to the config server's token for ${name}, see deploy/README.md`,
    },
  ])
  if (isProduction(env) && boot.source.profiles.includes('development')) {
    throw new StartupError(
      `${name} refuses to start in production (NODE_ENV=production):\n  PROFILES includes development (the default): set PROFILES, e.g. PROFILES=docker`,
    )
  }
  const initial = await loadConfig(boot.source, schema, { env })
  const settings = initial.settings
  const logger = createLogger({ name, level: settings.log.level })
  const metrics = createMetrics({ service: name })
  const config = createLiveConfig({
    source: boot.source,
    schema,
    initial,
    env,
    restartKeys,
    pollMs: settings.config.pollMs,
    signal: boot.redisUrl ? redisChangeSignal(boot.redisUrl, logger) : undefined,
    logger,
    metrics,
  })
  const consul = createConsul(boot.consulAddress, boot.consulToken)
  const discovery = createDiscovery({ consul, logger })
  const { breaker } = settings.clients
  const breakers = createBreakers({
    metrics,
    logger,
    defaults: {
      errorThresholdPercentage: breaker.errorThresholdPercentage,
      volumeThreshold: breaker.volumeThreshold,
      resetTimeout: breaker.resetTimeoutMs,
    },
  })
  const plainClient = (service: string, options: Partial<ServiceClientOptions> = {}) =>
    createServiceClient({
      service,
      discovery,
      breakers,
      logger,
      timeoutMs: config.current.clients.timeoutMs,
      retries: config.current.clients.retries,
      ...options,
    })
  // with an identity, calls to /internal/ routes carry this service's token unless they bring their own (a user's):
  // one it signs with its own key once that is in the registry, else one from users
  const { identity } = settings
  const ownKey: OwnServiceKey | undefined =
    identity && (await ownServiceKey({ service: name, consul, audience: () => config.current.auth.audience, logger }))
  const credentials =
    identity && serviceTokenProvider({ users: plainClient(settings.auth.jwksService), own: ownKey, ...identity })
  const client = (service: string, options: Partial<ServiceClientOptions> = {}) =>
    plainClient(service, { credentials, ...options })
  return {
    settings,
    config,
    logger,
    metrics,
    consul,
    discovery,
    breakers,
    client,
    /** This instance's own key for its service tokens (with an identity); bootService keeps it published. */
    ownKey,
    async close() {
      discovery.close()
      breakers.shutdown()
      await config.close()
      consul.destroy()
    },
  }
}

/**
 * Starts a service: settings (config server, env overrides, validation) -> database and
 * migrations -> createApp -> listen -> register. SIGTERM or SIGINT: deregister, stop
 * accepting, drain in-flight requests, close pools, exit 0.
 *
 * @example
 *   runMain(async () => {
 *     const { shutdown } = await bootService({ name: 'products', schema, createApp, migrationsFolder })
 *     exitOnSignals(shutdown)
 *   })
 */
export async function bootService<S extends z.ZodType<BaseSettings & WithDatabase>>({
  name,
  schema,
  createApp,
  migrationsFolder,
  mailOutbox,
  env = process.env,
  restartKeys,
}: BootOptions<S>) {
  const base = await prepareService(name, schema, { env, restartKeys })
  const { settings, config, logger, metrics, consul, breakers } = base

  let db: Database | undefined
  if (settings.database && migrationsFolder) {
    const url = new URL(settings.database.url)
    if (settings.database.name) url.pathname = `/${settings.database.name}`
    db = await connectDatabase(url.toString(), { max: settings.database.poolMax, logger })
    metrics.dbPool.set({ state: 'max' }, settings.database.poolMax)
    await migrateDatabase(db, migrationsFolder, { mailOutbox })
  }

  let registrationId = ''
  let mail: ReturnType<typeof startMailDispatcher> | undefined
  const health: HealthOptions = {
    checks: db ? { database: () => db.ping() } : {},
    details: () => ({
      instance: registrationId,
      version: config.version,
      breakers: breakers.states(),
      // the back office's dashboard shows what waits to be sent
      ...(mail ? { mailOutbox: mail.backlog() } : {}),
    }),
  }
  const made = createApp({ ...base, db, health })
  const { app, jobs: own = [] }: ServiceParts = 'fetch' in made ? { app: made } : made
  const jobs = base.ownKey ? [...own, publishingOwnKey(base.ownKey, logger)] : own
  mail = db && mailOutbox ? startMailDispatcher(db, (settings as unknown as MailSettings).smtp, base) : undefined
  const server = listen(app, { port: settings.http.port, hostname: settings.http.host, name, logger })
  const address = advertisedAddress(settings.http)
  const registration = await registerService({
    consul,
    name,
    address,
    port: server.port,
    interval: settings.registry.checkInterval,
    timeout: settings.registry.checkTimeout,
    deregisterAfter: settings.registry.deregisterAfter,
    meta: { version: config.version },
    logger,
  })
  registrationId = registration.id
  for (const job of jobs) job.start()

  let stopping: Promise<void> | undefined
  const shutdown = () =>
    (stopping ??= (async () => {
      logger.info('shutting down', { id: registration.id })
      await registration.deregister()
      const drained = server.stop(false)
      const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), settings.http.drainMs))
      if ((await Promise.race([drained, deadline])) === 'timeout') {
        logger.warn('in-flight requests did not finish in time; closing them', { drainMs: settings.http.drainMs })
        await server.stop(true)
      }
      for (const job of jobs) await job.stop()
      await mail?.stop()
      await base.close()
      await db?.close()
      logger.info('stopped')
    })())

  return { server, registration, config, logger, shutdown }
}

type MailSettings = z.infer<typeof mailSettings>

/** The outbox's dispatcher over a pooled SMTP transport, for a service that sends mail. */
function startMailDispatcher(
  db: Database,
  smtp: MailSettings['smtp'],
  { logger, metrics }: { logger: Logger; metrics: Metrics },
) {
  if (!smtp)
    throw new StartupError('mailOutbox: the settings have no smtp section (extend the schema with mailSettings)')
  const transport = smtpTransport({ host: smtp.host, port: smtp.port })
  const dispatcher = createMailDispatcher({ sql: db.sql, transport, from: smtp.from, logger, metrics })
  dispatcher.start()
  return {
    backlog: dispatcher.backlog,
    async stop() {
      await dispatcher.stop()
      transport.close()
    },
  }
}
