import { createLogger, exitOnSignals, listen, runMain } from '@shopfront/kit'
import { createRegistryApp } from './app.ts'

runMain(async () => {
  const logger = createLogger({ name: 'registry' })
  const port = Number(process.env.REGISTRY_PORT ?? 8500)
  const hostname = process.env.REGISTRY_HOST ?? '127.0.0.1'
  const registry = createRegistryApp({
    onReap: (serviceId, checkId) => logger.info('reaped critical service', { serviceId, checkId }),
  })
  const server = listen(registry.app, { port, hostname, name: 'registry' })
  logger.info('development registry ready', { ui: `${server.url}/ui/`, api: `${server.url}/v1` })

  exitOnSignals(async () => {
    registry.stop()
    await server.stop(true)
  })
})
