import { describe, expect, it } from 'vitest'
import {
  formatMoney,
  formatMoneyShort,
  fromMajorUnits,
  minorUnitsPerMajor,
  moneySchema,
  percentOf,
  toMajorUnits,
} from './money.ts'

describe('money', () => {
  it('When amounts in minor units are shown, then each currency uses its own minor unit and symbol', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('$19.99')
    expect(formatMoney({ amount: 500, currency: 'EUR' })).toBe('€5.00')
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('¥1,500')
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€')
    expect([minorUnitsPerMajor('USD'), minorUnitsPerMajor('JPY')]).toEqual([100, 1])
    expect([
      formatMoneyShort({ amount: 1000, currency: 'USD' }),
      formatMoneyShort({ amount: 2499, currency: 'USD' }),
    ]).toEqual(['$10', '$24.99'])
  })

  it('When money is typed into a form and shown in one, then it is major units as decimal text, both ways', () => {
    expect(toMajorUnits({ amount: 1999, currency: 'USD' })).toBe('19.99')
    expect(toMajorUnits({ amount: 500, currency: 'USD' })).toBe('5.00')
    expect(toMajorUnits({ amount: 1500, currency: 'JPY' })).toBe('1500')
    expect(fromMajorUnits('19.99', 'USD')).toBe(1999)
    expect(fromMajorUnits('0.29', 'USD')).toBe(29)
    expect(fromMajorUnits('1500', 'JPY')).toBe(1500)
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
