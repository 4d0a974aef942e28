import { describe, expect, it } from 'vitest'
import { freeReturns, returnableUntil, sellerLine, shopTerms } from './shop-terms.ts'

describe('the shop terms', () => {
  it('When nothing is set, then returns are 30 days and the seller is Shopfront with no address or tax number', () => {
    expect(shopTerms.parse({})).toEqual({ returnWindowDays: 30, seller: { name: 'Shopfront', address: '', taxId: '' } })
    expect(shopTerms.safeParse({ returnWindowDays: 0 }).success).toBe(false)
  })

  it('When the terms are said, then in words, to the day, and the seller in one line', () => {
    expect(freeReturns(30)).toBe('free returns within 30 days')
    expect(freeReturns(1)).toBe('free returns within 1 day')
    expect(returnableUntil('2026-03-01T10:00:00.000Z', 14).toISOString()).toBe('2026-03-15T10:00:00.000Z')
    expect(sellerLine({ name: 'Shopfront Ltd', address: '1 Market St' })).toBe('Shopfront Ltd, 1 Market St')
    expect(sellerLine({ name: 'Shopfront', address: '' })).toBe('Shopfront')
  })
})
