import { join } from 'node:path'
import { bootService, createMailDispatcher, exitOnSignals, runMain, smtpTransport } from '@shopfront/kit'
import { createSales } from './app.ts'
import { salesSettings } from './settings.ts'

runMain(async () => {
  const stops: (() => unknown)[] = []
  const { shutdown } = await bootService({
    name: 'sales',
    schema: salesSettings,
    migrationsFolder: join(import.meta.dirname, '../drizzle'),
    mailOutbox: true,
    createApp: ({ db, config, logger, metrics, health, client, breakers }) => {
      const sql = db!.sql
      const { smtp } = config.current
      const sales = createSales({ sql, config, logger, metrics, health, client, breakers })
      const transport = smtpTransport({ host: smtp.host, port: smtp.port })
      const mail = createMailDispatcher({ sql, transport, from: smtp.from, logger, metrics })
      mail.start()
      sales.recovery.start()
      sales.sender.start()
      stops.push(() => sales.sender.stop(), () => sales.recovery.stop(), () => mail.stop(), () => transport.close())
      return sales.app
    },
  })
  exitOnSignals(async () => {
    for (const stop of stops) await stop()
    await shutdown()
  })
})
