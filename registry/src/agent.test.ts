import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { startRegistry, withResponse } from './testing.ts'

type Registry = ReturnType<typeof startRegistry>
let registry: Registry

beforeAll(() => {
  registry = startRegistry()
})
afterAll(() => registry.close())

/** Registers one instance (`<name>-1`) with the agent, as a service's registration does. */
const register = (name: string, port: number, more: Record<string, unknown> = {}) =>
  registry.consul.agent.service.register({ name, id: `${name}-1`, port, ...more })

const passingIds = async (service: string) =>
  ((await registry.consul.health.service({ service, passing: true })) as any[]).map((e) => e.Service.ID)

describe('agent services and TTL checks, through the consul client', () => {
  it('When a service registers with a TTL check, then it starts critical and only shows as passing after a pass', async () => {
    await registry.consul.agent.service.register({
      name: 'orders',
      id: 'orders-1',
      address: '10.0.0.5',
      port: 7001,
      tags: ['v1'],
      meta: { zone: 'a' },
      check: { ttl: '30s' },
    })

    const services = (await registry.consul.agent.service.list()) as any
    expect(services['orders-1']).toMatchObject({
      ID: 'orders-1',
      Service: 'orders',
      Address: '10.0.0.5',
      Port: 7001,
      Tags: ['v1'],
      Meta: { zone: 'a' },
    })
    const checks = (await registry.consul.agent.check.list()) as any
    expect(checks['service:orders-1']).toMatchObject({
      Status: 'critical',
      ServiceID: 'orders-1',
      ServiceName: 'orders',
      Type: 'ttl',
    })
    expect(await passingIds('orders')).toEqual([])

    await registry.consul.agent.check.pass({ id: 'service:orders-1', note: 'all good' })
    expect(await passingIds('orders')).toEqual(['orders-1'])
    const [entry] = (await registry.consul.health.service('orders')) as any[]
    expect(entry.Node).toMatchObject({ Node: 'shopfront-dev', Address: '127.0.0.1', Datacenter: 'dc1' })
    expect(entry.Checks.map((c: any) => [c.CheckID, c.Status, c.Output])).toEqual([
      ['serfHealth', 'passing', 'Agent alive and reachable'],
      ['service:orders-1', 'passing', 'all good'],
    ])
  })

  it('When a TTL check warns or fails, then the instance leaves the passing set but stays listed', async () => {
    await register('carts', 7002, { check: { ttl: '30s', status: 'passing' } })
    expect(await passingIds('carts')).toEqual(['carts-1'])

    await registry.consul.agent.check.warn({ id: 'service:carts-1', note: 'slow' })
    expect(await passingIds('carts')).toEqual([])
    expect(((await registry.consul.health.service('carts')) as any[])[0].Checks[1].Status).toBe('warning')

    await registry.consul.agent.check.fail('service:carts-1')
    expect(((await registry.consul.health.checks('carts')) as any[])[0].Status).toBe('critical')
    expect(((await registry.consul.health.state('critical')) as any[]).map((c) => c.CheckID)).toContain(
      'service:carts-1',
    )
  })

  it('When a TTL check is not updated in time, then it turns critical with "TTL expired"', async () => {
    await register('mailer', 7003, { check: { ttl: '300ms', status: 'passing' } })
    await until(async () => (await passingIds('mailer')).length === 0, { timeoutMs: 3000 })
    const checks = (await registry.consul.agent.check.list()) as any
    expect(checks['service:mailer-1'].Output).toMatch(/^TTL expired/)
  })

  it('When several checks are given, then each gets a numbered id, and a service is reaped after DeregisterCriticalServiceAfter', async () => {
    await registry.consul.agent.service.register({
      name: 'reaped',
      id: 'reaped-1',
      port: 7004,
      checks: [
        { ttl: '30s', status: 'passing' },
        { ttl: '30s', deregistercriticalserviceafter: '300ms' },
      ],
    })
    const checks = (await registry.consul.agent.check.list()) as any
    expect(Object.keys(checks).filter((k) => k.startsWith('service:reaped-1'))).toEqual([
      'service:reaped-1:1',
      'service:reaped-1:2',
    ])
    await until(async () => !((await registry.consul.agent.service.list()) as any)['reaped-1'], { timeoutMs: 3000 })
    expect((await registry.consul.agent.check.list()) as any).not.toHaveProperty('service:reaped-1:1')
  })

  it('When a check is registered on its own and deregistered, then it appears and disappears', async () => {
    await register('solo', 7005)
    await registry.consul.agent.check.register({
      name: 'disk',
      id: 'solo-disk',
      serviceid: 'solo-1',
      ttl: '1m',
      status: 'warning',
    })
    expect(((await registry.consul.agent.check.list()) as any)['solo-disk']).toMatchObject({
      Status: 'warning',
      ServiceName: 'solo',
    })
    await registry.consul.agent.check.deregister('solo-disk')
    expect((await registry.consul.agent.check.list()) as any).not.toHaveProperty('solo-disk')
  })

  it('When a service deregisters, then it is gone from agent, catalog and health', async () => {
    await register('temp', 7006, { check: { ttl: '30s', status: 'passing' } })
    await registry.consul.agent.service.deregister('temp-1')
    expect((await registry.consul.agent.service.list()) as any).not.toHaveProperty('temp-1')
    expect(await registry.consul.health.service('temp')).toEqual([])
    expect((await registry.consul.catalog.service.list()) as any).not.toHaveProperty('temp')
  })

  it('When a registration is invalid or names an unknown id, then the client gets an error, not a crash', async () => {
    await expect(registry.consul.agent.service.deregister('nobody')).rejects.toMatchObject({ statusCode: 404 })
    await expect(registry.consul.agent.check.pass('no-such-check')).rejects.toThrow(/Unknown check ID/)
    const res = await fetch(`${registry.url}/v1/agent/service/register`, { method: 'PUT', body: '{"Port": 1' })
    expect(res.status).toBe(400)
    const bad = await fetch(`${registry.url}/v1/agent/service/register`, {
      method: 'PUT',
      body: JSON.stringify({ Name: 'x', Check: { HTTP: 'http://127.0.0.1:1/' } }),
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/Interval must be > 0/)
  })
})

describe('catalog and status', () => {
  it('When services are registered, then the catalog lists them with their tags and instances', async () => {
    await registry.consul.agent.service.register({ name: 'search', id: 'search-1', port: 7101, tags: ['a'] })
    await registry.consul.agent.service.register({ name: 'search', id: 'search-2', port: 7102, tags: ['b'] })
    const names = (await registry.consul.catalog.service.list()) as any
    expect(names.search.sort()).toEqual(['a', 'b'])
    expect(names).toHaveProperty('consul')
    const nodes = (await registry.consul.catalog.service.nodes('search')) as any[]
    expect(nodes.map((n) => [n.ServiceID, n.ServicePort, n.Node])).toEqual([
      ['search-1', 7101, 'shopfront-dev'],
      ['search-2', 7102, 'shopfront-dev'],
    ])
    const tagged = (await registry.consul.catalog.service.nodes({ service: 'search', tag: 'b' })) as any[]
    expect(tagged.map((n) => n.ServiceID)).toEqual(['search-2'])
    expect(((await registry.consul.catalog.node.list()) as any[]).map((n) => n.Node)).toEqual(['shopfront-dev'])
    expect(await registry.consul.status.leader()).toBe('127.0.0.1:8300')
    expect(await registry.consul.status.peers()).toEqual(['127.0.0.1:8300'])
  })

  it('When the catalog is read, then X-Consul-Index is on the answer', async () => {
    const [res] = (await registry.consul.catalog.service.list({ ctx: withResponse() } as any)) as any
    expect(Number(res.headers['x-consul-index'])).toBeGreaterThan(0)
  })
})
