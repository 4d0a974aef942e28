import { afterAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { createLiveConfig, loadConfig, redisChangePublisher, redisChangeSignal } from '@shopfront/kit'
import { findTestRedis, until } from '@shopfront/kit/testing'
import { startConfigServer, testToken } from './testing.ts'

const redisUrl = await findTestRedis()
const schema = z.object({ feature: z.object({ enabled: z.boolean() }) })
const cleanup: (() => unknown)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn()
})

describe.skipIf(!redisUrl)('config changes pushed over Redis (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When the repository changes, then a client that polls only once a minute refreshes at once', async () => {
    const server = await startConfigServer({ 'shop.yml': 'feature:\n  enabled: false\n' })
    cleanup.push(() => server.close())
    const publisher = redisChangePublisher(redisUrl!)
    cleanup.push(() => publisher.close())
    server.repository.onChange((snapshot) => void publisher.publish(snapshot.version))

    const source = { url: server.url, token: testToken, application: 'shop', profiles: ['development'] }
    const signal = redisChangeSignal(redisUrl!)
    const config = createLiveConfig({
      source,
      schema,
      initial: await loadConfig(source, schema, { env: {} }),
      env: {},
      pollMs: 60_000,
      signal,
    })
    cleanup.push(() => config.close())
    await new Promise((r) => setTimeout(r, 200)) // let the subscription settle

    server.write('shop.yml', 'feature:\n  enabled: true\n')
    await until(() => config.current.feature.enabled, { timeoutMs: 3000, what: 'pushed refresh' })
    expect(config.current.feature.enabled).toBe(true)
  })
})

describe('config push without Redis', () => {
  it('When Redis cannot be reached, then the client still follows changes by polling', async () => {
    const server = await startConfigServer({ 'shop.yml': 'feature:\n  enabled: false\n' })
    cleanup.push(() => server.close())
    const source = { url: server.url, token: testToken, application: 'shop', profiles: ['development'] }
    const signal = redisChangeSignal('redis://127.0.0.1:1')
    const config = createLiveConfig({
      source,
      schema,
      initial: await loadConfig(source, schema, { env: {} }),
      env: {},
      pollMs: 100,
      signal,
    })
    cleanup.push(() => config.close())
    server.write('shop.yml', 'feature:\n  enabled: true\n')
    await until(() => config.current.feature.enabled, { timeoutMs: 3000, what: 'polled refresh' })
  })
})
