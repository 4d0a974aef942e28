import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restoreBackup } from '@shopfront/backup/restore'
import { migrationsOf } from '@shopfront/backup/server'
import { takeBackup } from '@shopfront/backup/take'
import { until } from '@shopfront/kit/testing'
import { startApiPlatform, type Platform } from './platform.ts'
import { shopClient } from './shop.ts'

const apps = ['gateway', 'users', 'products', 'cart', 'sales', 'support', 'web']
/** The apps that keep a database: what a backup holds. */
const keeping = apps.filter((app) => app !== 'gateway')
const folder = mkdtempSync(join(tmpdir(), 'shopfront-restore-drill-'))
let platform: Platform
let shop: ReturnType<typeof shopClient>

beforeAll(async () => {
  platform = await startApiPlatform({ apps })
  shop = shopClient(platform)
}, 90_000)
afterAll(async () => {
  await platform?.stop()
  rmSync(folder, { recursive: true, force: true })
}, 30_000)

describe('a restore drill', () => {
  it('When the shop is backed up, goes on, and the backup is restored with the apps stopped, then they start on it: the shopper signs in with their password, finds the orders of that moment, and the next order takes the next number', async () => {
    const admin = await shop.admin()
    const productId = await shop.createProduct(admin, { stock: 10, price: 500 })
    const [shopper] = await shop.shoppers(1, 'drill')
    if (!shopper) throw new Error('no shopper')
    const buy = (token: string) => shop.buy(token, { [productId]: 1 })
    const first = await buy(shopper.token)
    const backup = join(folder, 'backup')
    await takeBackup(platform.databaseUrl, keeping.map(platform.databaseName), backup)
    const lost = await buy(shopper.token)

    for (const app of keeping) await platform.kill(app)
    const server = postgres(platform.databaseUrl, { max: 1, onnotice: () => {} })
    const names = keeping.map(platform.databaseName)
    await until(
      async () => (await server`select 1 from pg_stat_activity where datname in ${server(names)}`).length === 0,
      { timeoutMs: 10_000, what: 'the killed apps gone from the database' },
    )
    await server.end()
    await restoreBackup(platform.databaseUrl, backup, {
      replace: true,
      // the platform names each app's database e2e_<run>_<app>
      migrationsOf: (name) => migrationsOf(name.replace(/^e2e_[0-9a-f]{8}_/, '')),
    })
    for (const app of keeping) await platform.restart(app)

    const token = await shop.login(shopper.email, 'shopper password 1')
    const orders = await shop.call('GET', '/api/orders', { token })
    expect(orders.body.items.map((o: { id: string }) => o.id)).toEqual([first.id])
    const next = await buy(token)
    expect(next.number).toBe(lost.number)
    const product = await shop.call('GET', `/api/products/${productId}`)
    expect(product.body.stock).toMatchObject({ onHand: 8 })
  }, 120_000)
})
