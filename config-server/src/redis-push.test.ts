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

/** A config server holding the shop's settings, and a client following them (polling every `pollMs`, and `signal`). */
async function followedConfig(pollMs: number, signal: Parameters<typeof createLiveConfig>[0]['signal']) {
  const server = await startConfigServer({ 'shop.yml': 'feature:\n  enabled: false\n' })
  cleanup.push(() => server.close())
  const source = { url: server.url, token: testToken, application: 'shop', profiles: ['development'] }
  const initial = await loadConfig(source, schema, { env: {} })
  const config = createLiveConfig({ source, schema, initial, env: {}, pollMs, signal })
  cleanup.push(() => config.close())
  return { server, config }
}

describe.skipIf(!redisUrl)('config changes pushed over Redis (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When the repository changes, then a client that polls only once a minute refreshes at once', async () => {
    const { server, config } = await followedConfig(60_000, redisChangeSignal(redisUrl!))
    const publisher = redisChangePublisher(redisUrl!)
    cleanup.push(() => publisher.close())
    server.repository.onChange((snapshot) => void publisher.publish(snapshot.version))
    await new Promise((r) => setTimeout(r, 200)) // let the subscription settle

    server.write('shop.yml', 'feature:\n  enabled: true\n')
    await until(() => config.current.feature.enabled, { timeoutMs: 3000, what: 'pushed refresh' })
    expect(config.current.feature.enabled).toBe(true)
  })
})

describe('config push without Redis', () => {
  it('When Redis cannot be reached, then the client still follows changes by polling', async () => {
    const { server, config } = await followedConfig(100, redisChangeSignal('redis://127.0.0.1:1'))
    server.write('shop.yml', 'feature:\n  enabled: true\n')
    await until(() => config.current.feature.enabled, { timeoutMs: 3000, what: 'polled refresh' })
  })
})
