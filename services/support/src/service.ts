import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { neighboursOverHttp } from './neighbours/neighbours.ts'
import { supportSettings } from './settings.ts'

/** The support service as it runs: users and sales over HTTP, e-mail through the outbox. */
export const support = defineService({
  name: 'support',
  settings: supportSettings,
  migrations: join(import.meta.dirname, '../drizzle'),
  mailOutbox: true,
  neighbours: neighboursOverHttp,
  createApp,
})
