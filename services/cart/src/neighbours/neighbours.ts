import * as z from 'zod'
import { AppError, type ServiceClient } from '@shopfront/kit'
import { product } from '@shopfront/products/contract'

/** What the cart needs to know of a product. */
export interface ProductInfo {
  id: string
  name: string
  unitPrice: number
  currency: string
  available: number
  active: boolean
}

/** The cart's view of the products service: the seam tests replace with products of their own. */
export interface ProductsPort {
  /** The product as the catalog shows it now; `undefined` when it does not exist or is no longer sold. Throws a retryable AppError when products cannot answer. */
  get(id: string): Promise<ProductInfo | undefined>
  /** Several products in one call, those no longer sold included (`active: false`); ids the catalog does not know are missing from the map. */
  lookup(ids: string[]): Promise<Map<string, ProductInfo>>
}

const lookup = z.object({ items: z.array(product) })
const toInfo = (p: z.infer<typeof product>): ProductInfo => ({
  id: p.id,
  name: p.name,
  unitPrice: p.price.amount,
  currency: p.price.currency,
  available: p.available,
  active: p.active,
})

/** The services the cart calls: the catalog. */
export interface Neighbours {
  products: ProductsPort
}

/** The cart's neighbours over HTTP, through the kit's clients. */
export const neighboursOverHttp = (client: (service: string) => ServiceClient): Neighbours => ({
  products: productsOverHttp(client('products')),
})

/**
 * The products service over HTTP, through the kit's client (discovery, breaker, retries):
 * one product through its public read endpoint, several through the batch lookup (with
 * the cart's service identity).
 */
export function productsOverHttp(client: ServiceClient): ProductsPort {
  return {
    async get(id) {
      try {
        return toInfo(await client.get(`/api/products/${id}`, { schema: product }))
      } catch (err) {
        // the catalog hides inactive products: for the cart, both mean "not sold"
        if (err instanceof AppError && err.status === 404) return undefined
        throw err
      }
    },
    async lookup(ids) {
      if (ids.length === 0) return new Map()
      const { items } = await client.post('/internal/products/lookup', {
        body: { ids },
        schema: lookup,
        idempotent: true,
      })
      return new Map(items.map((p) => [p.id, toInfo(p)]))
    },
  }
}
