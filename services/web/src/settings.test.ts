import { describe, expect, it } from 'vitest'
import { webSettings } from './settings.ts'
import { settings } from './testing.ts'

describe('web settings', () => {
  it('When the shop states no terms, then returns are 30 days and receipts name Shopfront as the seller, with no address or tax number', () => {
    const { shop: _, ...none } = settings
    expect(webSettings.parse(none).shop).toEqual({
      returnWindowDays: 30,
      seller: { name: 'Shopfront', address: '', taxId: '' },
    })
  })
})
