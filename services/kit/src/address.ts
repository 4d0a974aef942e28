/** A postal address as the shop keeps one: its country an ISO 3166-1 alpha-2 code. */
export interface PostalAddress {
  line1: string
  line2?: string | null
  city: string
  postalCode: string
  country: string
}

// where the postal code follows the town ("Springfield 12345"); elsewhere it comes first ("75001 Paris")
const codeAfterTown = new Set(['US', 'CA', 'GB', 'IE', 'AU', 'NZ'])
const regions = new Intl.DisplayNames('en', { type: 'region', fallback: 'code' })

/** A country's name in English for its code (US: United States); a code Intl does not know stays as it is. */
export function countryName(code: string): string {
  try {
    return regions.of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

/**
 * An address's lines as they go on a parcel, for the pages and the e-mails alike: the street,
 * the apartment if any, the town with its postal code in the country's order, the country's name.
 */
export function addressLines(a: PostalAddress): string[] {
  const town = codeAfterTown.has(a.country.toUpperCase()) ? `${a.city} ${a.postalCode}` : `${a.postalCode} ${a.city}`
  return [a.line1, a.line2 ?? '', town, countryName(a.country)].filter((line) => line.trim() !== '')
}
