import { createLogger, exitOnSignals, listen, refuseWeakSecrets, runMain } from '@shopfront/kit'
import { createSandboxApp } from './app.ts'
import { createPaymentStore } from './store.ts'

/** The sandbox payment provider on SANDBOX_PORT (8090); payments kept in SANDBOX_DATA_FILE when set. */
runMain(async () => {
  const env = process.env
  refuseWeakSecrets('payment-sandbox', env, [
    {
      name: 'SANDBOX_API_KEY',
      value: env.SANDBOX_API_KEY,
      howTo: 'set SANDBOX_API_KEY (the PAYMENTS_API_KEY sales sends), see deploy/README.md',
    },
  ])
  const logger = createLogger({ name: 'payment-sandbox' })
  const app = createSandboxApp({
    apiKey: env.SANDBOX_API_KEY ?? 'sk_test_shopfront',
    store: createPaymentStore(env.SANDBOX_DATA_FILE || undefined),
    latencyMs: Number(env.SANDBOX_LATENCY_MS ?? 0),
    slowMs: Number(env.SANDBOX_SLOW_MS ?? 30_000),
  })
  const server = listen(app, {
    port: Number(env.SANDBOX_PORT ?? 8090),
    hostname: env.SANDBOX_HOST ?? '127.0.0.1',
    name: 'payment-sandbox',
    logger,
  })
  logger.info('payment sandbox ready', { url: server.url })
  exitOnSignals(() => server.stop(true))
})
