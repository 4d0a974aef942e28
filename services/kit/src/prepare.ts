import type { z } from 'zod'
import { type OwnServiceKey, ownServiceKey } from './auth/service-keys.ts'
import { serviceTokenProvider } from './auth/service-token.ts'
import { createBreakers } from './breaker.ts'
import { createLiveConfig } from './config/live-config.ts'
import { loadConfig, type ConfigSource } from './config/load-config.ts'
import { isProduction, refuseWeakSecrets } from './config/production.ts'
import { redisChangeSignal } from './config/redis-signal.ts'
import type { BaseSettings } from './config/settings.ts'
import { createConsul } from './discovery/consul.ts'
import { createDiscovery } from './discovery/discovery.ts'
import { createLogger } from './logger.ts'
import { createMetrics } from './metrics.ts'
import { StartupError } from './serve.ts'
import { createServiceClient, type ServiceClientOptions } from './service-client.ts'
import { startTracing } from './tracing-export.ts'

/** Settings of a service that may open a database (`database` unset: it opens none). */
export type WithDatabase = { database?: { url: string; name?: string; poolMax: number } }

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
 * server, env overrides, validation, live refresh), logger, metrics, traces (exported where
 * the OTEL_* variables say), registry client,
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
  const tracing = await startTracing(name, env, logger)
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
      await tracing?.stop()
    },
  }
}
