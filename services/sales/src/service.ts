import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { neighboursOverHttp } from './neighbours/neighbours.ts'
import { salesSettings } from './settings.ts'

/** The sales service as it runs: users, cart and products over HTTP; recovery and campaigns as background jobs. */
export const sales = defineService({
  name: 'sales',
  settings: salesSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  mailOutbox: true,
  neighbours: neighboursOverHttp,
  createApp,
})
