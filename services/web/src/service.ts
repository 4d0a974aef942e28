import { join } from 'node:path'
import { defineService, repeatInBackground } from '@shopfront/kit'
import { createApp } from './app.tsx'
import { createSessionsRepo } from './session/sessions.repo.ts'
import { webSettings } from './settings.ts'
import { shopOverHttp } from './shop/shop.ts'

/** The web app as it runs: the services through the kit's client, sessions in its own database, ended ones swept hourly. */
export const web = defineService({
  name: 'web',
  settings: webSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  createApp: ({ db, client, ...deps }) => {
    const sessions = createSessionsRepo(db.sql)
    const sweeper = repeatInBackground({
      name: 'session sweeper',
      run: () => sessions.sweep(),
      intervalMs: () => 3_600_000,
      logger: deps.logger,
    })
    return { app: createApp({ ...deps, sql: db.sql, shop: shopOverHttp(client) }), jobs: [sweeper] }
  },
})
