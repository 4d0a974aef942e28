import { describe, expect, it } from 'vitest'
import { createStaticDiscovery } from './discovery.ts'

const discovery = () =>
  createStaticDiscovery({ things: ['http://127.0.0.1:1001', 'http://127.0.0.1:1002', 'http://127.0.0.1:1003'] })
const picks = (d: ReturnType<typeof discovery>, n: number, avoid?: (id: string) => boolean) =>
  Array.from({ length: n }, () => d.pick('things', avoid && ((i) => avoid(i.id)))?.id)

describe('picking an instance', () => {
  it('When nothing is avoided, then every instance gets its turn in order', () => {
    expect(picks(discovery(), 6)).toEqual(['things-1', 'things-2', 'things-3', 'things-1', 'things-2', 'things-3'])
  })

  it('When one instance is avoided (its breaker open), then the others share its turns evenly', () => {
    const counts = picks(discovery(), 60, (id) => id === 'things-3').reduce(
      (m, id) => m.set(id, (m.get(id) ?? 0) + 1),
      new Map(),
    )
    expect(Object.fromEntries(counts)).toEqual({ 'things-1': 30, 'things-2': 30 })
  })

  it('When every instance is avoided, then one is still given (the caller decides), and with none there is none', () => {
    expect(picks(discovery(), 3, () => true)).toEqual(['things-1', 'things-2', 'things-3'])
    expect(createStaticDiscovery({}).pick('things')).toBeUndefined()
  })
})
