import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { listen } from '@shopfront/kit'
import { until } from '@shopfront/kit/testing'
import { startRegistry } from './testing.ts'

let registry: ReturnType<typeof startRegistry>
let mode: 'ok' | 'fail' | 'busy' | 'hang' = 'ok'
const target = new Hono().get('/health/ready', async (c) => {
  if (mode === 'hang') await new Promise((r) => setTimeout(r, 1500))
  if (mode === 'fail') return c.text('db down', 503)
  if (mode === 'busy') return c.text('slow down', 429)
  return c.text('ready')
})
const server = listen(target, { port: 0 })

beforeAll(() => {
  registry = startRegistry()
})
afterAll(async () => {
  await registry.close()
  await server.stop(true)
})

const checkOf = async (id: string) => ((await registry.consul.agent.check.list()) as any)[id]
const passing = async (service: string) =>
  ((await registry.consul.health.service({ service, passing: true })) as any[]).length

describe('HTTP checks run by the registry', () => {
  it('When a service with an HTTP check registers, then it is critical until probed, then passing with the output', async () => {
    mode = 'ok'
    await registry.consul.agent.service.register({
      name: 'probed',
      id: 'probed-1',
      port: server.port,
      check: {
        http: `${server.url}/health/ready`,
        interval: '200ms',
        timeout: '300ms',
        deregistercriticalserviceafter: '1500ms',
      },
    })
    await until(async () => (await passing('probed')) === 1, { timeoutMs: 3000 })
    expect((await checkOf('service:probed-1')).Output).toBe(`HTTP GET ${server.url}/health/ready: 200 OK Output: ready`)
  })

  it('When the health endpoint starts failing, then the instance is critical within interval + timeout and leaves the passing set', async () => {
    mode = 'fail'
    await until(async () => (await passing('probed')) === 0, { timeoutMs: 3000 })
    expect((await checkOf('service:probed-1')).Output).toMatch(/: 503 Service Unavailable Output: db down$/)
  })

  it('When the endpoint answers 429, then the check is a warning', async () => {
    mode = 'busy'
    await until(async () => (await checkOf('service:probed-1')).Status === 'warning', { timeoutMs: 3000 })
  })

  it('When the endpoint does not answer within the timeout, then the check is critical and says so', async () => {
    mode = 'hang'
    await until(async () => (await checkOf('service:probed-1')).Status === 'critical', { timeoutMs: 3000 })
    expect((await checkOf('service:probed-1')).Output).toMatch(/timeout after 300ms/)
  })

  it('When it stays critical past DeregisterCriticalServiceAfter, then the registry reaps it', async () => {
    mode = 'fail'
    await until(async () => !((await registry.consul.agent.service.list()) as any)['probed-1'], { timeoutMs: 5000 })
    expect(await registry.consul.health.service('probed')).toEqual([])
  })

  it('When nothing listens at the check URL, then the check is critical from the start', async () => {
    await registry.consul.agent.service.register({
      name: 'nowhere',
      id: 'nowhere-1',
      port: 1,
      check: { http: 'http://127.0.0.1:1/health', interval: '1s' },
    })
    await until(async () => ((await checkOf('service:nowhere-1'))?.Output ?? '') !== '', { timeoutMs: 3000 })
    expect((await checkOf('service:nowhere-1')).Status).toBe('critical')
  })
})
