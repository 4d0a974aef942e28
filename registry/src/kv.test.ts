import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, withResponse } from './testing.ts'

let registry: ReturnType<typeof startRegistry>
beforeAll(() => {
  registry = startRegistry()
})
afterAll(() => registry.close())

describe('KV store, through the consul client', () => {
  it('When a value is written, then it reads back decoded, raw and with its indexes and flags', async () => {
    expect(await registry.consul.kv.set({ key: 'config/app/name', value: 'Shopfront', flags: 42 })).toBe(true)
    const entry = (await registry.consul.kv.get('config/app/name')) as any
    expect(entry).toMatchObject({ Key: 'config/app/name', Value: 'Shopfront', Flags: 42, LockIndex: 0 })
    expect(entry.ModifyIndex).toBeGreaterThanOrEqual(entry.CreateIndex)
    const raw = await fetch(`${registry.url}/v1/kv/config/app/name`).then((r) => r.json())
    expect(raw[0].Value).toBe(Buffer.from('Shopfront').toString('base64'))
    const rawValue = (await registry.consul.kv.get({ key: 'config/app/name', raw: true })) as Buffer
    expect(rawValue.toString()).toBe('Shopfront')
  })

  it('When keys are listed with recurse or a separator, then they come sorted and folded', async () => {
    await registry.consul.kv.set('tree/a', '1')
    await registry.consul.kv.set('tree/b/c', '2')
    await registry.consul.kv.set('tree/b/d', '3')
    const all = (await registry.consul.kv.get({ key: 'tree/', recurse: true })) as any[]
    expect(all.map((e) => [e.Key, e.Value])).toEqual([
      ['tree/a', '1'],
      ['tree/b/c', '2'],
      ['tree/b/d', '3'],
    ])
    expect(await registry.consul.kv.keys('tree/')).toEqual(['tree/a', 'tree/b/c', 'tree/b/d'])
    expect(await registry.consul.kv.keys({ key: 'tree/', separator: '/' })).toEqual(['tree/a', 'tree/b/'])
  })

  it('When a key is missing, then get answers nothing and the 404 still carries X-Consul-Index', async () => {
    expect(await registry.consul.kv.get('no/such/key')).toBeUndefined()
    const [res] = (await registry.consul.kv.get({ key: 'no/such/key', ctx: withResponse() } as any)) as any
    expect(res.statusCode).toBe(404)
    expect(Number(res.headers['x-consul-index'])).toBeGreaterThan(0)
  })

  it('When check-and-set is used, then only the holder of the current ModifyIndex wins', async () => {
    expect(await registry.consul.kv.set({ key: 'lock', value: 'first', cas: 0 })).toBe(true)
    // the consul client turns Consul's `false` into a falsy result
    expect(await registry.consul.kv.set({ key: 'lock', value: 'second', cas: 0 })).not.toBe(true)
    const { ModifyIndex, Value } = (await registry.consul.kv.get('lock')) as any
    expect(Value).toBe('first')
    expect(await registry.consul.kv.set({ key: 'lock', value: 'third', cas: ModifyIndex + 1 })).not.toBe(true)
    expect(await registry.consul.kv.set({ key: 'lock', value: 'third', cas: ModifyIndex })).toBe(true)
    expect(((await registry.consul.kv.get('lock')) as any).Value).toBe('third')
    const staleDelete = await fetch(`${registry.url}/v1/kv/lock?cas=${ModifyIndex}`, { method: 'DELETE' })
    expect(await staleDelete.json()).toBe(false)
    expect(((await registry.consul.kv.get('lock')) as any).Value).toBe('third')
  })

  it('When keys are deleted, one or a whole prefix, then they are gone', async () => {
    await registry.consul.kv.set('gone/1', 'x')
    await registry.consul.kv.set('gone/2', 'y')
    await registry.consul.kv.set('gone-not', 'z')
    expect(await registry.consul.kv.del('gone/1')).toBe(true)
    expect(await registry.consul.kv.get('gone/1')).toBeUndefined()
    await registry.consul.kv.del({ key: 'gone/', recurse: true })
    expect(await registry.consul.kv.keys('gone')).toEqual(['gone-not'])
  })

  it('When a value is empty, then it is stored with a null Value', async () => {
    await registry.consul.kv.set('empty', '')
    const res = await fetch(`${registry.url}/v1/kv/empty`).then((r) => r.json())
    expect(res[0].Value).toBeNull()
  })
})
