import { join } from 'node:path'
import { bootService, createMailDispatcher, exitOnSignals, runMain, smtpTransport } from '@shopfront/kit'
import { createApp } from './app.ts'
import { supportSettings } from './settings.ts'

runMain(async () => {
  const stops: (() => unknown)[] = []
  const { shutdown } = await bootService({
    name: 'support',
    schema: supportSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: ({ db, config, logger, metrics, health, client }) => {
      const sql = db!.sql
      const { smtp } = config.current
      const transport = smtpTransport({ host: smtp.host, port: smtp.port })
      const mail = createMailDispatcher({ sql, transport, from: smtp.from, logger, metrics })
      mail.start()
      stops.push(() => mail.stop(), () => transport.close())
      return createApp({ sql, config, logger, metrics, health, client })
    },
  })
  exitOnSignals(async () => {
    for (const stop of stops) await stop()
    await shutdown()
  })
})
