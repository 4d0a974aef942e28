import * as z from 'zod'
import { AppError, type ServiceClient } from '@shopfront/kit'

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
  get(id: string, requestId?: string): Promise<ProductInfo | undefined>
}

const product = z.object({
  id: z.string(),
  name: z.string(),
  price: z.object({ amount: z.number().int(), currency: z.string() }),
  available: z.number().int(),
  active: z.boolean(),
})

/** The products service over HTTP (its public read endpoint), through the kit's client: discovery, breaker, retries. */
export function productsOverHttp(client: ServiceClient): ProductsPort {
  return {
    async get(id, requestId) {
      try {
        const p = await client.get(`/api/products/${id}`, { schema: product, requestId })
        return { id: p.id, name: p.name, unitPrice: p.price.amount, currency: p.price.currency, available: p.available, active: p.active }
      } catch (err) {
        // the catalog hides inactive products: for the cart, both mean "not sold"
        if (err instanceof AppError && err.status === 404) return undefined
        throw err
      }
    },
  }
}
