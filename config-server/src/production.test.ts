import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import * as z from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCipher, createMemoryLogger, createMetrics, resolveSettings } from '@shopfront/kit'
import { createConfigServerApp } from './app.ts'
import { buildEnvironment } from './environment.ts'
import { createRepository, type Repository } from './repository.ts'

const root = join(import.meta.dirname, '../..')
const settingsDir = join(root, 'config-server/settings')
const strong = (name: string) => `${name}-0123456789abcdef0123456789abcdef`
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: `postgres://postgres:${strong('pg')}@postgres:5432/postgres`,
}

/** Runs an app's main.ts as the Dockerfile would, and returns how it ended. */
function runMain(path: string, env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(CONFIG_|ENCRYPT_KEY|SANDBOX_|PROFILES)/.test(k)),
  )
  const run = spawnSync('bun', [path], {
    cwd: root,
    env: { ...clean, CONFIG_SERVER_PORT: '0', SANDBOX_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: run.status, stderr: run.stderr }
}

let repository: Repository
beforeAll(async () => {
  repository = createRepository(settingsDir, { logger: createMemoryLogger('config-server').logger })
  await repository.reload()
})
afterAll(() => repository.close())

/** An app's settings as it would resolve them in production from the shipped repository. */
function resolveShipped(application: string, encryptKey: string, env: Record<string, string>) {
  const environment = buildEnvironment(repository.snapshot, {
    application,
    profiles: ['docker'],
    label: null,
    cipher: createCipher(encryptKey),
    location: 'settings',
  })
  return () => resolveSettings(z.unknown(), environment.propertySources, env, application)
}

describe('production refuses development secrets', () => {
  it('When the config server starts in production without its secrets, then it exits 1 naming each and how to set it', () => {
    const { status, stderr } = runMain('config-server/src/main.ts', { NODE_ENV: 'production' })
    expect(status).toBe(1)
    expect(stderr).toMatch(/CONFIG_TOKEN is not set: set CONFIG_TOKEN/)
    expect(stderr).toMatch(/ENCRYPT_KEY is not set: set ENCRYPT_KEY/)
    const dev = runMain('config-server/src/main.ts', {
      NODE_ENV: 'production',
      CONFIG_TOKEN: 'dev-config-token',
      ENCRYPT_KEY: 'shopfront-development-key',
    })
    expect(dev.status).toBe(1)
    expect(dev.stderr).toMatch(/CONFIG_TOKEN still has its development value/)
    expect(dev.stderr).toMatch(/ENCRYPT_KEY still has its development value/)
  })

  it('When a service or the payment sandbox starts in production with the development defaults, then it exits 1 before doing anything', () => {
    const service = runMain('services/products/src/main.ts', { NODE_ENV: 'production' })
    expect(service.status).toBe(1)
    expect(service.stderr).toMatch(/products refuses to start in production[\s\S]*CONFIG_TOKEN is not set/)
    const profile = runMain('services/products/src/main.ts', { NODE_ENV: 'production', CONFIG_TOKEN: strong('token') })
    expect(profile.stderr).toMatch(/PROFILES includes development/)
    const sandbox = runMain('payment-sandbox/src/main.ts', {
      NODE_ENV: 'production',
      SANDBOX_API_KEY: 'sk_test_shopfront',
    })
    expect(sandbox.status).toBe(1)
    expect(sandbox.stderr).toMatch(/SANDBOX_API_KEY still has its development value/)
  })

  it('When the shipped settings are read in production, then every development secret is refused by name', () => {
    const dev = 'shopfront-development-key'
    expect(resolveShipped('users', dev, production)).toThrow(
      /users\.keyEncryptionKey still has its development value: set USERS_KEY_ENCRYPTION_KEY/,
    )
    expect(resolveShipped('users', dev, production)).toThrow(
      /users\.firstAdmin\.password still has its development value: set USERS_FIRST_ADMIN_PASSWORD/,
    )
    expect(resolveShipped('users', dev, production)).toThrow(
      /users\.serviceClients\.cart still has its development value/,
    )
    expect(resolveShipped('cart', dev, production)).toThrow(
      /identity\.clientSecret still has its development value: set IDENTITY_CLIENT_SECRET/,
    )
    expect(resolveShipped('sales', dev, production)).toThrow(
      /payments\.apiKey still has its development value: set PAYMENTS_API_KEY/,
    )
    expect(resolveShipped('products', dev, { NODE_ENV: 'production' })).toThrow(
      /database\.url still has its development value: set DATABASE_URL/,
    )
    // development keeps working as it is
    expect(resolveShipped('users', dev, {})).not.toThrow()
  })

  it('When the config server has a real key, then values encrypted with the development key are refused until the environment gives real ones', () => {
    const key = strong('encrypt')
    expect(resolveShipped('support', key, production)).toThrow(
      /identity\.clientSecret is not set: set IDENTITY_CLIENT_SECRET \(its \{cipher\} value was encrypted with another key/,
    )
    const given = {
      ...production,
      USERS_KEY_ENCRYPTION_KEY: strong('kek'),
      USERS_FIRST_ADMIN_PASSWORD: strong('admin'),
      USERS_SERVICE_CLIENTS_CART: strong('cart'),
      USERS_SERVICE_CLIENTS_SALES: strong('sales'),
      USERS_SERVICE_CLIENTS_SUPPORT: strong('support'),
      USERS_SERVICE_CLIENTS_WEB: strong('web'),
    }
    const { settings } = resolveShipped('users', key, given)() as { settings: any }
    expect(settings.users.keyEncryptionKey).toBe(strong('kek'))
    expect(settings.users.serviceClients.cart).toBe(strong('cart'))
  })
})

describe('one config-server token per application', () => {
  const app = () =>
    createConfigServerApp({
      repository,
      logger: createMemoryLogger('config-server').logger,
      token: strong('operator'),
      clientTokens: { cart: strong('cart'), users: strong('users'), prometheus: strong('prometheus') },
      cipher: createCipher('shopfront-development-key'),
      metrics: createMetrics({ service: 'config-server', defaults: false }),
    })
  const get = (path: string, token: string, init: RequestInit = {}) =>
    app().request(path, { ...init, headers: { authorization: `Bearer ${token}` } })

  it("When an application's token asks for its own settings, then it gets them; for another's, a 403; without a token, a 401", async () => {
    expect((await get('/cart/docker', strong('cart'))).status).toBe(200)
    expect((await get('/cart-docker.json', strong('cart'))).status).toBe(200)
    const other = await get('/users/docker', strong('cart'))
    expect(other.status).toBe(403)
    expect(await other.text()).not.toContain('keyEncryptionKey')
    expect((await get('/users-docker.yml', strong('cart'))).status).toBe(403)
    expect((await get('/users/docker', 'guess')).status).toBe(401)
  })

  it("When Prometheus' token (no application's) scrapes the metrics, then it gets them, and no application's settings", async () => {
    expect((await get('/metrics', strong('prometheus'))).status).toBe(200)
    expect((await get('/users/docker', strong('prometheus'))).status).toBe(403)
    expect((await get('/metrics', 'guess')).status).toBe(401)
  })

  it("When an application's token asks to encrypt or decrypt, then it is a 403; the operator's token may", async () => {
    expect((await get('/decrypt', strong('cart'), { method: 'POST', body: 'x' })).status).toBe(403)
    expect((await get('/encrypt', strong('operator'), { method: 'POST', body: 'x' })).status).toBe(200)
    expect((await get('/users/docker', strong('operator'))).status).toBe(200)
  })
})
