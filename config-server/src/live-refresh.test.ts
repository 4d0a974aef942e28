import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { createLiveConfig, loadConfig } from '@shopfront/kit'
import { until } from '@shopfront/kit/testing'
import { startConfigServer, testToken } from './testing.ts'

const schema = z.object({
  cart: z.object({ maxLines: z.number().int().positive() }),
  http: z.object({ port: z.number() }),
})
const servers: Awaited<ReturnType<typeof startConfigServer>>[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function setup() {
  const server = await startConfigServer({
    'application.yml': 'http:\n  port: 8080\n',
    'cart.yml': 'cart:\n  maxLines: 50\n',
  })
  servers.push(server)
  const source = { url: server.url, token: testToken, application: 'cart', profiles: ['development'] }
  const initial = await loadConfig(source, schema, { env: {} })
  const config = createLiveConfig({ source, schema, initial, env: {}, pollMs: 100, restartKeys: ['http.port'] })
  return { server, config }
}

describe('a running client following the config server', () => {
  it('When a settings file is edited, then a running client applies the new value without restart', async () => {
    const { server, config } = await setup()
    const seen: number[] = []
    config.onChange((next, previous) => seen.push(previous.cart.maxLines, next.cart.maxLines))
    expect(config.current.cart.maxLines).toBe(50)
    server.write('cart.yml', 'cart:\n  maxLines: 75\n')
    await until(() => config.current.cart.maxLines === 75, { timeoutMs: 5000 })
    expect(seen).toEqual([50, 75])
    await config.close()
  })

  it('When a file stops parsing, then the server keeps serving the last good version and says so on readiness', async () => {
    const { server, config } = await setup()
    const before = config.version
    server.write('cart.yml', 'cart:\n  maxLines: [unclosed\n')
    await until(() => server.repository.problem !== undefined, { timeoutMs: 5000 })
    const ready = await fetch(`${server.url}/health/ready`)
    expect(ready.status).toBe(503)
    expect(JSON.stringify(await ready.json())).toContain('cart.yml does not parse')
    expect(await config.refresh()).toBe('unchanged')
    expect(config.version).toBe(before)
    expect(config.current.cart.maxLines).toBe(50)
    expect(server.logLines.some((l) => l.msg === 'settings file does not parse; serving the last good version')).toBe(
      true,
    )

    server.write('cart.yml', 'cart:\n  maxLines: 60\n')
    await until(() => config.current.cart.maxLines === 60, { timeoutMs: 5000 })
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200)
    await config.close()
  })

  it('When a new version fails validation, then it is rejected and the last good settings stay', async () => {
    const { server, config } = await setup()
    server.write('cart.yml', 'cart:\n  maxLines: -3\n')
    await server.repository.reload()
    expect(await config.refresh()).toBe('rejected')
    expect(config.current.cart.maxLines).toBe(50)
    await config.close()
  })

  it('When a restart-only setting changes, then the running value stays and the rest applies', async () => {
    const { server, config } = await setup()
    server.write('application.yml', 'http:\n  port: 9999\n')
    server.write('cart.yml', 'cart:\n  maxLines: 10\n')
    await server.repository.reload()
    expect(await config.refresh()).toBe('applied')
    expect(config.current).toEqual({ http: { port: 8080 }, cart: { maxLines: 10 } })
    await config.close()
  })

  it('When an environment variable names a key, then it overrides the repository, typed like the original', async () => {
    const server = await startConfigServer({ 'cart.yml': 'cart:\n  maxLines: 50\nhttp:\n  port: 1\n' })
    servers.push(server)
    const source = { url: server.url, token: testToken, application: 'cart', profiles: ['development'] }
    const loaded = await loadConfig(source, schema, { env: { CART_MAX_LINES: '7', HTTP_PORT: '8123' } })
    expect(loaded.settings).toEqual({ cart: { maxLines: 7 }, http: { port: 8123 } })
    await expect(loadConfig(source, schema, { env: { CART_MAX_LINES: 'many' } })).rejects.toThrow(
      /invalid settings for cart:\n {2}cart\.maxLines: /,
    )
  })
})
