import * as z from 'zod'
import { AppError, type ServiceClient } from '@shopfront/kit'
import { type CheckedOut, cart } from '@shopfront/cart/contract'
import { product } from '@shopfront/products/contract'
import { type Address, type Contact as UserContact, optedInPage, readContact } from '@shopfront/users/contract'

/** A shipping address, as users keeps it (its contract's type). */
export type { Address }

/** What sales reads of a user: users' contact (its contract), the part an order needs. */
export type Contact = Pick<UserContact, 'id' | 'email' | 'name' | 'shippingAddress'>

export interface CatalogProduct {
  id: string
  sku: string
  name: string
  unitPrice: number
  currency: string
  active: boolean
}

export interface Recipient {
  id: string
  email: string
  name: string
  unsubscribeToken: string
}

/**
 * Everything sales asks of its neighbours, each call with this service's identity. The
 * seam unit tests replace; over HTTP every call goes through the kit's client (discovery,
 * breaker, timeout, retries for idempotent calls).
 */
export interface Neighbours {
  contact(userId: string): Promise<Contact>
  cartLines(userId: string): Promise<{ productId: string; quantity: number }[]>
  /** After a paid order: its lines leave the cart (once per order); what was added meanwhile stays. */
  clearBought(userId: string, orderId: string, lines: { productId: string; quantity: number }[]): Promise<void>
  products(ids: string[]): Promise<CatalogProduct[]>
  /** All lines or none; a line that cannot be had is an AppError `conflict` saying which. */
  reserve(orderId: string, lines: { productId: string; quantity: number }[], ttlSeconds: number): Promise<void>
  commit(orderId: string): Promise<void>
  release(orderId: string): Promise<void>
  /** A committed order's stock back on hand: all that is still out, or with `part` those lines, once per its key. */
  returnStock(orderId: string, part?: { key: string; lines: { productId: string; quantity: number }[] }): Promise<void>
  /** The opted-in users after `after` (a user id; none: from the start), by id, and the cursor of the next page (null: no more). */
  optedIn(after: string | null, limit: number): Promise<{ items: Recipient[]; total: number; next: string | null }>
}

const lookup = z.object({ items: z.array(product) })

/** The neighbours over HTTP: users, cart and products by their registry names. */
export function neighboursOverHttp(client: (service: string) => ServiceClient): Neighbours {
  const users = client('users')
  const carts = client('cart')
  const products = client('products')
  // a reservation that is already gone (never made, or released) needs no release
  const unlessMissing = (err: unknown) => {
    if (!(err instanceof AppError && err.status === 404)) throw err
  }
  return {
    async contact(userId) {
      const { id, email, name, shippingAddress } = await readContact(users, userId)
      return { id, email, name, shippingAddress }
    },
    async cartLines(userId) {
      const { items } = await carts.get(`/internal/carts/${encodeURIComponent(userId)}`, { schema: cart })
      return items.map(({ productId, quantity }) => ({ productId, quantity }))
    },
    async clearBought(userId, orderId, lines) {
      const body: CheckedOut = { orderId, lines }
      await carts.post(`/internal/carts/${encodeURIComponent(userId)}/checked-out`, {
        body,
        idempotent: true,
      })
    },
    async products(ids) {
      const { items } = await products.post('/internal/products/lookup', {
        body: { ids },
        schema: lookup,
        idempotent: true,
      })
      return items.map((p) => ({
        id: p.id,
        sku: p.sku,
        name: p.name,
        unitPrice: p.price.amount,
        currency: p.price.currency,
        active: p.active,
      }))
    },
    async reserve(orderId, lines, ttlSeconds) {
      await products.post('/internal/reservations', { body: { orderId, lines, ttlSeconds }, idempotent: true })
    },
    async commit(orderId) {
      await products.post(`/internal/reservations/${orderId}/commit`, { idempotent: true })
    },
    async release(orderId) {
      await products.post(`/internal/reservations/${orderId}/release`, { idempotent: true }).catch(unlessMissing)
    },
    async returnStock(orderId, part) {
      await products
        .post(`/internal/reservations/${orderId}/return`, { idempotent: true, ...(part ? { body: part } : {}) })
        .catch(unlessMissing)
    },
    async optedIn(after, limit) {
      const query = { ...(after ? { after } : {}), limit }
      const { items, total, next } = await users.get('/internal/users/opted-in', { query, schema: optedInPage })
      return { items, total, next }
    },
  }
}
