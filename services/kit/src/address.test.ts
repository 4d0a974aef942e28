import { describe, expect, it } from 'vitest'
import { addressLines, countryName } from './address.ts'

describe('postal addresses', () => {
  it('When an address is written out, then the postal code stands where its country puts it, and the country is named', () => {
    const street = { line1: '12 Elm Street', city: 'Springfield', postalCode: '12345' }
    expect(addressLines({ ...street, country: 'US' })).toEqual(['12 Elm Street', 'Springfield 12345', 'United States'])
    expect(
      addressLines({ line1: '5 rue de Rivoli', line2: '3e étage', city: 'Paris', postalCode: '75001', country: 'fr' }),
    ).toEqual(['5 rue de Rivoli', '3e étage', '75001 Paris', 'France'])
    // an empty apartment line is left out; a code Intl does not know is shown as it is
    expect(addressLines({ ...street, line2: ' ', country: 'XX' })).toEqual(['12 Elm Street', '12345 Springfield', 'XX'])
    expect(countryName('not a code')).toBe('not a code')
  })
})
