import * as z from 'zod'
import { formatMoneyShort } from '@shopfront/kit'
import { searchParam, slugParam } from '../forms.ts'
import { priceBands } from '../shop/schemas.ts'

export const sorts = {
  relevance: 'Best match',
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
}
const dollars = (cents: number) => formatMoneyShort({ amount: cents, currency: 'USD' })
/** The price filter's choices: products' price bands, `price=1000-2499` (minor units) in the shop's URL. */
export const priceChoices = priceBands.map(({ min, max }) => ({
  value: `${min}-${max ?? ''}`,
  label:
    min === 0
      ? `Under ${dollars((max ?? 0) + 1)}`
      : max === null
        ? `${dollars(min)} and up`
        : `${dollars(min)} to ${dollars(max + 1)}`,
}))

// a shop URL someone edited is still a page: what cannot be read falls back to its default
export const catalogQuery = z.object({
  q: searchParam,
  category: slugParam,
  sort: z
    .enum(Object.keys(sorts) as [keyof typeof sorts])
    .optional()
    .catch(undefined),
  price: z
    .enum(priceChoices.map((b) => b.value) as [string])
    .optional()
    .catch(undefined),
  inStock: z.literal('1').optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(500).catch(1).default(1),
})
export type CatalogQuery = z.infer<typeof catalogQuery>

/** The catalog's URL for a query: only what is set, in a fixed order, so each search has one shareable link. */
export function catalogHref(query: Partial<CatalogQuery>): string {
  const params = new URLSearchParams()
  for (const key of ['q', 'category', 'price', 'inStock', 'sort', 'page'] as const) {
    const value = query[key]
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `/products?${text}` : '/products'
}
