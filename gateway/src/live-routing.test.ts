import { describe, expect, it } from 'vitest'
import { readMetric, sleep, until } from '@shopfront/kit/testing'
import { echoUpstream, gatewayYml, startGatewayHarness } from './testing.ts'

const yml = (service: string) =>
  gatewayYml({
    rateClasses: ['auth: { anonymous: 3, user: 3, windowSeconds: 60 }'],
    routes: [
      `{ prefix: /api/things, service: ${service}, access: public }`,
      '{ prefix: /api/auth/login, service: things, access: public, rateLimit: auth }',
    ],
  })

const gw = await startGatewayHarness(yml('things'), {
  upstreams: { things: [echoUpstream('things-a'), echoUpstream('things-b')], other: echoUpstream('other') },
})

const label = async (path = '/api/things') => ((await (await gw.fetch(path)).json()) as any).label

describe('routes follow the config server', () => {
  it('When gateway.yml sends a prefix to another service, then the next requests go there without a restart', async () => {
    expect(['things-a', 'things-b']).toContain(await label())
    gw.configServer.write('gateway.yml', yml('other'))
    await until(async () => (await label()) === 'other', { timeoutMs: 5000, what: 'rerouted' })
    gw.configServer.write('gateway.yml', yml('things'))
    await until(async () => (await label()) !== 'other', { timeoutMs: 5000, what: 'routed back' })
  })
})

describe('rate limits (in memory)', () => {
  it('When a client goes over its class limit, then it gets a 429 with Retry-After and RateLimit headers', async () => {
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 4; i++) {
      last = await gw.fetch('/api/auth/login', { method: 'POST', body: '{}' })
      statuses.push(last.status)
      if (i === 0) expect(last.headers.get('ratelimit')).toMatch(/^"auth";r=2;t=\d+$/)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(last!.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60')
    expect(((await last!.json()) as any).type).toBe('https://shopfront.dev/problems/rate-limited')
    // another class is counted apart, and a route without a class is not limited
    expect((await gw.fetch('/api/things')).status).toBe(200)
    gw.configServer.write('gateway.yml', yml('things').replace('rateLimit: auth', 'rateLimit: none'))
    await until(async () => (await gw.fetch('/api/auth/login', { method: 'POST', body: '{}' })).status === 200, {
      timeoutMs: 5000,
      what: 'limit lifted',
    })
    expect((await gw.fetch('/api/auth/login', { method: 'POST', body: '{}' })).headers.get('ratelimit')).toBeNull()
    gw.configServer.write('gateway.yml', yml('things'))
  })
})

describe('an instance killed under load', () => {
  it('When one of two instances dies mid-load, then no GET fails and it stops being used once the check notices', async () => {
    const doomed = await gw.addUpstream('killable', echoUpstream('doomed'))
    await gw.addUpstream('killable', echoUpstream('survivor'))
    gw.configServer.write('gateway.yml', yml('killable'))
    await until(async () => ['doomed', 'survivor'].includes(await label()), {
      timeoutMs: 5000,
      what: 'routed to killable',
    })

    let failures = 0
    let total = 0
    let stop = false
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const res = await gw.fetch('/api/things/x')
          total++
          if (res.status !== 200) failures++
          await res.arrayBuffer()
        }
      }),
    )
    await sleep(300)
    await doomed.stop(true)
    await until(() => !gw.base.discovery.instances('killable').some((i) => i.id === doomed.id), {
      timeoutMs: 3000,
      what: 'doomed gone from discovery',
    })
    await sleep(300)
    stop = true
    await load
    expect(total).toBeGreaterThan(50)
    expect(failures).toBe(0)
    for (let i = 0; i < 5; i++) expect(await label('/api/things/y')).toBe('survivor')
    const metrics = await (await gw.fetch('/metrics')).text()
    expect(
      readMetric(metrics, 'circuit_breaker_events_total', { breaker: `proxy:killable@${doomed.id}`, event: 'open' }),
    ).toBeGreaterThanOrEqual(1)
  })
})
