import * as z from 'zod'

/** An amount of money: integer minor units (cents for USD, yen for JPY) and an ISO 4217 currency code. */
export interface Money {
  amount: number
  currency: string
}

/** A currency code like USD. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'a currency code like USD')

/**
 * Money as it crosses an API: `{ amount, currency }`, a whole number of minor units from 0
 * to `max` (default $1,000,000.00 in cents).
 *
 * @example
 *   const body = z.object({ price: moneySchema() })
 */
export function moneySchema({ max = 100_000_000 } = {}) {
  return z.object({ amount: z.number().int().min(0).max(max), currency: currencyCode })
}

const formats = new Map<string, Intl.NumberFormat>()
const formatFor = (currency: string, locale: string, short = false) => {
  const key = `${locale}|${currency}|${short}`
  const known = formats.get(key)
  if (known) return known
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    ...(short ? { trailingZeroDisplay: 'stripIfInteger' as const } : {}),
  })
  formats.set(key, format)
  return format
}

/** How many minor units a major unit has for a currency: 100 for USD and EUR, 1 for JPY (from Intl). */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** (formatFor(currency, 'en-US').resolvedOptions().maximumFractionDigits ?? 2)
}

/**
 * Money as a customer reads it, by Intl: 1999 USD is "$19.99", 500 EUR "€5.00", 1500 JPY
 * "¥1,500". Services format through this, never by dividing by 100 themselves.
 *
 * @example
 *   formatMoney({ amount: 1999, currency: 'USD' }) // "$19.99"
 */
export function formatMoney({ amount, currency }: Money, locale = 'en-US', { short = false } = {}): string {
  return formatFor(currency, locale, short).format(amount / minorUnitsPerMajor(currency))
}

/** A round amount without its zero cents ("$10", but "$24.99"): for labels such as price ranges. */
export const formatMoneyShort = (money: Money, locale = 'en-US') => formatMoney(money, locale, { short: true })

/**
 * Money as a person types it into a form: major units as decimal text, without grouping
 * or symbol ("19.99" for 1999 USD, "1500" for 1500 JPY), and back.
 *
 * @example
 *   toMajorUnits({ amount: 1999, currency: 'USD' }) // "19.99"
 *   fromMajorUnits('19.99', 'USD') // 1999
 */
export function toMajorUnits({ amount, currency }: Money): string {
  const per = minorUnitsPerMajor(currency)
  return (amount / per).toFixed(Math.round(Math.log10(per)))
}

export function fromMajorUnits(text: string, currency: string): number {
  return Math.round(Number(text) * minorUnitsPerMajor(currency))
}

/** `percent` % of an amount, rounded down to a whole minor unit (a discount never exceeds what it says). */
export function percentOf(amount: number, percent: number): number {
  return Math.floor((amount * percent) / 100)
}
