import { describe, expect, it } from 'vitest'
import { cardText } from './payment-card.ts'

describe('payment cards', () => {
  it('When a card is named, then by its brand as people say it, and a brand not known here as a card', () => {
    expect(cardText({ brand: 'visa', last4: '4242' })).toBe('Visa ending in 4242')
    expect(cardText({ brand: 'amex', last4: '0005' })).toBe('American Express ending in 0005')
    expect(cardText({ brand: 'unknown', last4: '1234' })).toBe('card ending in 1234')
  })
})
