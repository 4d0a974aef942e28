/**
 * A small kit-based service for the end-to-end tests: `echo` answers who it is and counts
 * visits in its database; `caller` (SERVICE_NAME=caller) calls echo through the kit's
 * service client. It boots exactly as the real services do.
 */
import { join } from 'node:path'
import * as z from 'zod'
import { baseSettings, bootService, createServiceApp, databaseSettings, exitOnSignals, runMain } from '../src/index.ts'

const schema = baseSettings.extend(databaseSettings.shape)
const name = process.env.SERVICE_NAME ?? 'echo'
const whoami = z.object({ instance: z.string(), visits: z.number() })

runMain(async () => {
  const { shutdown } = await bootService({
    name,
    schema,
    migrationsFolder: join(import.meta.dirname, 'drizzle'),
    createApp: ({ logger, metrics, health, db, client, config }) => {
      if (!db) throw new Error('the test service needs its database')
      const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
      const echo = client('echo')
      app.get('/whoami', async (c) => {
        const [row] = await db.sql`update visits set count = count + 1 where id = 1 returning count`
        return c.json({ instance: process.env.INSTANCE_LABEL ?? String(process.pid), visits: Number(row?.count) })
      })
      app.get('/slow', async (c) => {
        await new Promise((r) => setTimeout(r, Number(c.req.query('ms') ?? 500)))
        return c.json({ done: true })
      })
      app.get('/call', async (c) =>
        c.json(await echo.get('/whoami', { schema: whoami, requestId: c.get('requestId') })),
      )
      return app
    },
  })
  exitOnSignals(shutdown)
})
