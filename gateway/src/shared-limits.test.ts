import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcesses, findTestRedis, freePort, readMetric, waitForHttp } from '@shopfront/kit/testing'
import { echoUpstream, gatewayYml, startGatewayHarness } from './testing.ts'

const redisUrl = await findTestRedis()
const rateClass = `shared${Date.now().toString(36)}`
const yml = gatewayYml({
  rateClasses: [`${rateClass}: { anonymous: 3, user: 3, windowSeconds: 60 }`],
  routes: [`{ prefix: /api/auth/login, service: things, access: public, rateLimit: ${rateClass} }`],
})
const procs = createProcesses()
const gw = await startGatewayHarness(yml, { upstreams: { things: echoUpstream('a') } })
// the gateway processes stop first (hooks after the tests run last first)
afterAll(() => procs.stopAll())

async function startGatewayProcess(name: string, redis: string) {
  const port = freePort()
  procs.start(name, ['bun', join(import.meta.dirname, 'main.ts')], {
    ...gw.env,
    HTTP_PORT: String(port),
    REDIS_URL: redis,
  })
  await waitForHttp(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 20_000 })
  return (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init)
}

const login = { method: 'POST', body: '{}' }

describe.skipIf(!redisUrl)('rate limits shared through Redis (needs a Redis: REDIS_URL or 127.0.0.1:6379)', () => {
  it('When two gateway processes share one Redis, then a client counts against one limit across both', async () => {
    const [a, b] = await Promise.all([
      startGatewayProcess('gateway-a', redisUrl!),
      startGatewayProcess('gateway-b', redisUrl!),
    ])
    const statuses = []
    for (const gateway of [a, a, b, b, a]) statuses.push((await gateway('/api/auth/login', login)).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
  }, 40_000)
})

describe('rate limits when Redis is down', () => {
  it('When the Redis cannot be reached, then the gateway keeps serving (fail open) and counts the failures', async () => {
    const gateway = await startGatewayProcess('gateway-no-redis', `redis://127.0.0.1:${freePort()}`)
    for (let i = 0; i < 6; i++) expect((await gateway('/api/auth/login', login)).status).toBe(200)
    const metrics = await (await gateway('/metrics')).text()
    expect(readMetric(metrics, 'gateway_rate_limit_store_errors_total')).toBeGreaterThanOrEqual(6)
  }, 40_000)
})
