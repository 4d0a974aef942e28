import { join } from 'node:path'
import { defineService, sweepInBackground } from '@shopfront/kit'
import { staffOverHttp } from './admin/staff.ts'
import { createApp } from './app.tsx'
import { createSessionsRepo } from './session/sessions.repo.ts'
import { webSettings } from './settings.ts'
import { shopOverHttp } from './shop/shop.ts'

/** The web app as it runs: the services through the kit's client, sessions in its own database, ended ones swept hourly. */
export const web = defineService({
  name: 'web',
  settings: webSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  createApp: ({ client, ...deps }) => {
    const sessions = createSessionsRepo(deps.db)
    const sweeper = sweepInBackground({
      name: 'ended sessions',
      sweep: (size) => sessions.sweep(size),
      logger: deps.logger,
    })
    const staff = staffOverHttp(client, () => deps.config.current.web.gatewayToken)
    return { app: createApp({ ...deps, shop: shopOverHttp(client), staff }), jobs: [sweeper] }
  },
})
