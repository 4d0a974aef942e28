import type { z } from 'zod'
import { publishingOwnKey } from './auth/service-keys.ts'
import type { Breakers } from './breaker.ts'
import type { LiveConfig } from './config/live-config.ts'
import type { BaseSettings, mailSettings } from './config/settings.ts'
import { connectDatabase, migrateDatabase, type Database } from './db.ts'
import type { Consul } from './discovery/consul.ts'
import type { Discovery } from './discovery/discovery.ts'
import { advertisedAddress, registerService } from './discovery/registration.ts'
import type { HealthOptions } from './http/health.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import { sweepInBackground } from './db-sweep.ts'
import { createMailDispatcher, forgetSentBodies, smtpTransport } from './mail/outbox.ts'
import { prepareService, type WithDatabase } from './prepare.ts'
import { listen, StartupError, type FetchApp } from './serve.ts'
import type { ServiceClient, ServiceClientOptions } from './service-client.ts'

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
  mail =
    db && mailOutbox
      ? startMailDispatcher(db, (settings as unknown as MailSettings).smtp, {
          ...base,
          keepSentDays: () => (config.current as unknown as MailSettings).smtp.keepSentDays,
        })
      : undefined
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

/**
 * The outbox's dispatcher over a pooled SMTP transport, for a service that sends mail, and
 * the hourly sweep that empties the bodies of mail sent `smtp.keepSentDays` ago.
 */
function startMailDispatcher(
  db: Database,
  smtp: MailSettings['smtp'],
  { logger, metrics, keepSentDays }: { logger: Logger; metrics: Metrics; keepSentDays: () => number },
) {
  if (!smtp)
    throw new StartupError('mailOutbox: the settings have no smtp section (extend the schema with mailSettings)')
  const transport = smtpTransport({ host: smtp.host, port: smtp.port })
  const dispatcher = createMailDispatcher({ sql: db.sql, transport, from: smtp.from, logger, metrics })
  const forgetting = sweepInBackground({
    name: 'bodies of mail sent long ago',
    sweep: (size) => forgetSentBodies(db.sql, keepSentDays(), size),
    logger,
  })
  dispatcher.start()
  forgetting.start()
  return {
    backlog: dispatcher.backlog,
    async stop() {
      await forgetting.stop()
      await dispatcher.stop()
      transport.close()
    },
  }
}
