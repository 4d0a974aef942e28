import { describe, expect, it } from 'vitest'
import { replicasFrom } from './replicas.ts'

const apps = ['gateway', 'products', 'sales']

describe('bun start --replicas', () => {
  it('When replicas are asked for by flag or environment, then those apps get that many and the rest one; a wrong ask stops with why', () => {
    expect(replicasFrom(['--replicas', 'products=2,sales=3'], undefined, apps)).toEqual(
      new Map([
        ['gateway', 1],
        ['products', 2],
        ['sales', 3],
      ]),
    )
    expect(replicasFrom(['--replicas=products=2'], undefined, apps).get('products')).toBe(2)
    expect(replicasFrom([], 'sales=2', apps).get('sales')).toBe(2)
    expect(replicasFrom([], undefined, apps).get('products')).toBe(1)
    expect(() => replicasFrom(['--replicas', 'prodcts=2'], undefined, apps)).toThrow(/prodcts is not an app/)
    expect(() => replicasFrom(['--replicas', 'products=zero'], undefined, apps)).toThrow(/1 to 8/)
    expect(() => replicasFrom(['--replicas', 'gateway=2'], undefined, apps)).toThrow(/one gateway/)
  })
})
