import { describe, expect, it } from 'vitest'
import { formatMoney, minorUnitsPerMajor, moneySchema, percentOf } from './money.ts'

describe('money', () => {
  it('When amounts in minor units are shown, then each currency uses its own minor unit and symbol', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('$19.99')
    expect(formatMoney({ amount: 500, currency: 'EUR' })).toBe('€5.00')
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('¥1,500')
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€')
    expect([minorUnitsPerMajor('USD'), minorUnitsPerMajor('JPY')]).toEqual([100, 1])
  })

  it('When money comes in, then only whole, non-negative minor units with a currency code pass; a percentage rounds down', () => {
    const schema = moneySchema()
    expect(schema.safeParse({ amount: 100, currency: 'USD' }).success).toBe(true)
    for (const bad of [
      { amount: 1.5, currency: 'USD' },
      { amount: -1, currency: 'USD' },
      { amount: 1, currency: 'usd' },
      { amount: 100_000_001, currency: 'USD' },
    ]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
    expect(percentOf(999, 15)).toBe(149)
  })
})
