import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { startRegistry, withResponse } from './testing.ts'

let registry: ReturnType<typeof startRegistry>
beforeAll(() => {
  registry = startRegistry()
})
afterAll(() => registry.close())

const indexOf = (res: any) => Number(res.headers['x-consul-index'])

describe('blocking queries', () => {
  it('When a watch holds an index, then a registration wakes it long before its wait ends', async () => {
    const seen: string[][] = []
    const watch = registry.consul.watch({
      method: registry.consul.health.service,
      options: { service: 'woken', passing: true, wait: '30s' } as any,
    })
    watch.on('change', (data: any[]) => seen.push(data.map((e) => e.Service.ID)))
    watch.on('error', () => {})
    try {
      await until(() => seen.length === 1 && registry.clock.blocked > 0)
      await registry.consul.agent.service.register({
        name: 'woken',
        id: 'woken-1',
        port: 1,
        check: { ttl: '30s', status: 'passing' },
      })
      // woken by the change, long before its 30 s wait would have ended
      await until(() => seen.length === 2, { timeoutMs: 5000 })
      expect(seen).toEqual([[], ['woken-1']])
      await registry.consul.agent.check.fail('service:woken-1')
      await until(() => seen.length === 3)
      expect(seen[2]).toEqual([])
    } finally {
      watch.end()
    }
  })

  it('When nothing changes, then a blocking read returns after its wait with the same index', async () => {
    const [first] = (await registry.consul.health.service({ service: 'quiet', ctx: withResponse() } as any)) as any
    const started = Date.now()
    const [second] = (await registry.consul.health.service({
      service: 'quiet',
      index: String(indexOf(first)),
      wait: '300ms',
      ctx: withResponse(),
    } as any)) as any
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(indexOf(second)).toBe(indexOf(first))
  })

  it('When an unrelated service changes, then a watch on another service is not woken', async () => {
    await registry.consul.agent.service.register({ name: 'steady', id: 'steady-1', port: 1 })
    const [first] = (await registry.consul.health.service({ service: 'steady', ctx: withResponse() } as any)) as any
    const pending = registry.consul.health.service({
      service: 'steady',
      index: String(indexOf(first)),
      wait: '400ms',
      ctx: withResponse(),
    } as any)
    await registry.consul.agent.service.register({ name: 'noisy', id: 'noisy-1', port: 1 })
    const [second] = (await pending) as any
    expect(indexOf(second)).toBe(indexOf(first))
  })

  it('When a KV key is watched, then a write and a delete both wake the watch', async () => {
    const values: unknown[] = []
    const watch = registry.consul.watch({
      method: registry.consul.kv.get,
      options: { key: 'flag', wait: '30s' } as any,
    })
    watch.on('change', (data: any) => values.push(data?.Value))
    watch.on('error', () => {})
    try {
      await until(() => values.length === 1)
      await registry.consul.kv.set('flag', 'on')
      await until(() => values.length === 2)
      await registry.consul.kv.del('flag')
      await until(() => values.length === 3)
      expect(values).toEqual([undefined, 'on', undefined])
    } finally {
      watch.end()
    }
  })

  it('When a client holds an index from before a registry restart, then the answer comes at once', async () => {
    // a wait of a minute: an answer within the bound can only be one that did not wait
    const answer = registry.consul.catalog.service.list({
      index: '999999',
      wait: '60s',
      ctx: withResponse(),
    } as any) as Promise<any>
    const bound = new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 10_000))
    const first = await Promise.race([answer, bound])
    expect(first).not.toBe('still waiting')
    expect(indexOf((first as any)[0])).toBeLessThan(999999)
  })
})
