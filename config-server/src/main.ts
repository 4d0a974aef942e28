import { resolve } from 'node:path'
import {
  createCipher,
  createConsul,
  createLogger,
  createMetrics,
  exitOnSignals,
  listen,
  redisChangePublisher,
  refuseWeakSecrets,
  registerService,
  runMain,
  StartupError,
} from '@shopfront/kit'
import { createConfigServerApp, parseClientTokens } from './app.ts'
import { createRepository } from './repository.ts'

/** The config server's own settings come from the environment only (it is where the others' come from). */
runMain(async () => {
  const env = process.env
  const logger = createLogger({ name: 'config-server', level: env.LOG_LEVEL === 'debug' ? 'debug' : 'info' })
  const dir = resolve(env.CONFIG_REPO ?? resolve(import.meta.dirname, '../settings'))
  const token = env.CONFIG_TOKEN ?? 'dev-config-token'
  let clientTokens: Record<string, string>
  try {
    clientTokens = parseClientTokens(env.CONFIG_CLIENT_TOKENS)
  } catch (err) {
    throw new StartupError((err as Error).message)
  }
  const howTo = (name: string) => `set ${name}, see deploy/README.md (bun run deploy:secrets writes one into .env)`
  refuseWeakSecrets('config-server', env, [
    { name: 'CONFIG_TOKEN', value: env.CONFIG_TOKEN, howTo: howTo('CONFIG_TOKEN') },
    { name: 'ENCRYPT_KEY', value: env.ENCRYPT_KEY, howTo: howTo('ENCRYPT_KEY') },
    ...Object.entries(clientTokens).map(([app, value]) => ({
      name: `CONFIG_CLIENT_TOKENS (${app})`,
      value,
      howTo: howTo('CONFIG_CLIENT_TOKENS'),
    })),
  ])
  if (!env.ENCRYPT_KEY)
    logger.warn('ENCRYPT_KEY is not set: using the development key; set your own outside development')
  const cipher = createCipher(env.ENCRYPT_KEY ?? 'shopfront-development-key')

  const repository = createRepository(dir, { logger })
  await repository.reload().catch((err) => {
    throw new StartupError(`cannot read the settings repository ${dir}: ${err.message}`)
  })
  repository.watch()
  const publisher = env.REDIS_URL ? redisChangePublisher(env.REDIS_URL, logger) : undefined
  repository.onChange((snapshot) => void publisher?.publish(snapshot.version))

  const metrics = createMetrics({ service: 'config-server' })
  const app = createConfigServerApp({ repository, logger, metrics, token, clientTokens, cipher })
  const host = env.CONFIG_SERVER_HOST ?? '127.0.0.1'
  const server = listen(app, {
    port: Number(env.CONFIG_SERVER_PORT ?? 8888),
    hostname: host,
    name: 'config-server',
    logger,
  })
  logger.info('config server ready', { url: server.url, repository: dir, version: repository.snapshot.version })

  const consul = createConsul(env.CONSUL_HTTP_ADDR ?? '127.0.0.1:8500', env.CONSUL_HTTP_TOKEN)
  const registration = await registerService({
    consul,
    name: 'config-server',
    address: env.CONFIG_SERVER_ADVERTISE_ADDRESS ?? (host === '0.0.0.0' ? '127.0.0.1' : host),
    port: server.port,
    interval: '2s',
    deregisterAfter: '1m',
    logger,
    // services cannot start without the config server: it must not wait on the registry
    waitMs: 3000,
    whenUnreachable: 'background',
  })

  exitOnSignals(async () => {
    await registration.deregister()
    await server.stop()
    repository.close()
    publisher?.close()
    consul.destroy()
  })
})
