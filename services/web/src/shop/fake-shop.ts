import { AppError } from '@shopfront/kit'
import { createTestIssuer, listPage, neighbourOutages, present } from '@shopfront/kit/testing'
import { fakeAlerts } from './fake-alerts.ts'
import { fakeReviews } from './fake-reviews.ts'
import { fakeSales } from './fake-sales.ts'
import { fakeSupport } from './fake-support.ts'
import { fakeUsers, subjectOf } from './fake-users.ts'
import { type Cart, type Order, type Product, priceBands, type Ticket } from './schemas.ts'
import type { CartOwner, Shop } from './shop.ts'

const product = (n: number, name: string, available: number, category = 'coffee'): Product => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  sku: `COF-00${n}`,
  name,
  description: `About ${name}.`,
  price: { amount: 1000 * n, currency: 'USD' },
  images: [],
  attributes: { roast: 'medium' },
  category: { id: `10000000-0000-4000-8000-00000000000${n}`, slug: category, name: 'Coffee & Tea' },
  active: true,
  stock: { onHand: available, reserved: 0 },
  available,
  createdAt: new Date(2026, 0, n).toISOString(),
  updatedAt: new Date(2026, 0, n).toISOString(),
})

/**
 * The shop's services as the test's own, standing at the web app's seam (the `Shop` port):
 * a small catalog and carts here, users (`fakeUsers`: ann@example.com / correct-horse and
 * the staff, tokens the test issuer signs), sales (`fakeSales`), support (`fakeSupport`) and
 * back-in-stock alerts (`fakeAlerts`) and reviews (`fakeReviews`) beside it, sharing its state. `whileDown(service, work)` makes a service fail as an unreachable one does;
 * `calls` counts what the web app asked. shop.contract.test.ts holds it to the real services.
 */
export async function fakeShop() {
  const issuer = await createTestIssuer()
  const catalog = [product(1, 'Café Crème Beans', 40), product(2, 'Ethiopian Beans', 3), product(3, 'Moka Pot', 0)]
  const carts = new Map<string, Map<string, number>>()
  const orders: Order[] = []
  const tickets: Ticket[] = []
  const outages = neighbourOutages<'products' | 'cart' | 'users' | 'sales' | 'support'>()
  const calls = {
    refresh: 0,
    logout: 0,
    merge: [] as string[],
    checkoutKeys: [] as string[],
    unsubscribed: [] as string[],
    resetRequests: [] as string[],
    savedAddresses: [] as unknown[],
    /** The searches asked of products, as their queries. */
    searches: [] as Record<string, string | undefined>[],
  }
  const check = outages.reach
  const people = fakeUsers({ issuer, check, calls })
  const { ann } = people
  // a guest's cart by the guest id, an account's by whom its token names, as cart keeps them
  const keyOf = (owner: CartOwner) => ('guestId' in owner ? `guest:${owner.guestId}` : subjectOf(owner.accessToken))
  const view = (key: string): Cart => {
    const lines = [...(carts.get(key) ?? new Map()).entries()].map(([id, quantity]) => {
      const p = present(
        catalog.find((x) => x.id === id),
        `product ${id}`,
      )
      return {
        productId: id,
        name: p.name,
        unitPrice: p.price.amount,
        quantity,
        lineTotal: p.price.amount * quantity,
        available: p.available,
        status: 'ok' as const,
      }
    })
    return {
      items: lines,
      subtotal: lines.reduce((s, l) => s + l.lineTotal, 0),
      currency: 'USD',
      stale: outages.down.has('products'),
    }
  }
  const cartOf = (key: string) => {
    const cart = carts.get(key) ?? new Map<string, number>()
    carts.set(key, cart)
    return cart
  }
  const salesPart = fakeSales({ check, calls, catalog, carts, orders, ann, view })
  const { waiting, ...alerts } = fakeAlerts({ check, catalog })
  const reviews = fakeReviews({ check, orders })

  const shop: Shop = {
    ...people.users,
    ...salesPart.sales,
    ...fakeSupport({ check, orders, tickets, ann }),
    ...alerts,
    ...reviews.shop,
    async search(query) {
      check('products')
      calls.searches.push(query)
      const q = (query.q ?? '').toLowerCase()
      const found = catalog.filter(
        (p) =>
          (!q || p.name.toLowerCase().includes(q)) &&
          (!query.category || p.category?.slug === query.category) &&
          (query.inStock !== 'true' || p.available > 0),
      )
      const limit = Number(query.limit ?? 20)
      const page = Number(query.page ?? 1)
      const facets =
        query.facets === 'true'
          ? {
              categories: [{ slug: 'coffee', name: 'Coffee & Tea', count: found.length }],
              priceBands: priceBands.map((b) => ({
                ...b,
                count: found.filter((p) => p.price.amount >= b.min && (b.max === null || p.price.amount <= b.max))
                  .length,
              })),
              inStock: found.filter((p) => p.available > 0).length,
            }
          : undefined
      // nothing found: a name's word offered for a typo (products compares trigrams; this fake, the first three letters)
      const alike =
        found.length === 0 && q.length > 3
          ? catalog.flatMap((p) => p.name.toLowerCase().split(/\s+/)).find((w) => w.startsWith(q.slice(0, 3)))
          : undefined
      return { ...listPage(found, page, limit), facets, ...(alike ? { didYouMean: alike } : {}) }
    },
    async product(id) {
      check('products')
      return catalog.find((p) => p.id === id)
    },
    async categories() {
      check('products')
      return [
        {
          id: '10000000-0000-4000-8000-000000000001',
          slug: 'coffee',
          name: 'Coffee & Tea',
          parentId: null,
          productCount: 3,
        },
      ]
    },
    async cart(owner) {
      check('cart')
      return view(keyOf(owner))
    },
    async addToCart(owner, productId, quantity) {
      check('cart')
      check('products')
      const p = catalog.find((x) => x.id === productId)
      if (!p)
        throw new AppError('unprocessable', `Product ${productId} is not sold.`, {
          errors: [{ path: 'productId', message: 'no such product on sale' }],
        })
      const lines = cartOf(keyOf(owner))
      const total = (lines.get(productId) ?? 0) + quantity
      if (total > p.available)
        throw new AppError('conflict', `Only ${p.available} of ${p.name} available.`, {
          productId,
          available: p.available,
        })
      lines.set(productId, total)
      return view(keyOf(owner))
    },
    async setQuantity(owner, productId, quantity) {
      check('cart')
      cartOf(keyOf(owner)).set(productId, quantity)
      return view(keyOf(owner))
    },
    async removeFromCart(owner, productId) {
      check('cart')
      if (!cartOf(keyOf(owner)).delete(productId)) throw new AppError('not_found', 'Not in the cart.')
    },
    async mergeGuestCart(guestId, userId) {
      check('cart')
      calls.merge.push(guestId)
      const into = cartOf(userId)
      for (const [id, q] of cartOf(`guest:${guestId}`)) into.set(id, (into.get(id) ?? 0) + q)
      carts.delete(`guest:${guestId}`)
      return { merged: into.size, skipped: 0 }
    },
  }
  return {
    shop,
    orderIn: salesPart.orderIn,
    newAccount: people.newAccount,
    issuer,
    catalog,
    ann,
    carts,
    orders,
    tickets,
    /** Back-in-stock alerts, by user. */
    waiting,
    /** Sales' reviews: the back office's part (the shop's is in `shop`), and those kept, newest first. */
    reviews,
    /** The services failing as unreachable ones do (`whileDown` for a test's steps). */
    down: outages.down,
    whileDown: outages.whileDown,
    calls,
    administer: people.administer,
    setAccessTtl: people.setAccessTtl,
  }
}
