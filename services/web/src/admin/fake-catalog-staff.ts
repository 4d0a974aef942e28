import { AppError } from '@shopfront/kit'
import { knownOr404 } from '@shopfront/kit/testing'
import {
  looksLikePicture,
  mediumPictureOf,
  notAPicture,
  pictureUrl,
  smallPictureOf,
} from '@shopfront/products/contract'
import { uploadedPictureUrl } from '../shop/schemas.ts'
import type { fakeShop } from '../testing.ts'
import { fakeImport } from './fake-import.ts'
import type { Movement } from './schemas.ts'
import type { Staff } from './staff.ts'

type CatalogPart = Pick<
  Staff,
  | 'products'
  | 'product'
  | 'uploadPicture'
  | 'createProduct'
  | 'importProducts'
  | 'updateProduct'
  | 'adjustStock'
  | 'movements'
  | 'reservations'
  | 'waiting'
  | 'demand'
  | 'categories'
  | 'updateCategory'
  | 'createCategory'
  | 'deleteCategory'
>

/**
 * The back office's catalog as the test's own, over the fake shop's products, orders and
 * alerts: pictures kept by their content, stock never below what is reserved, each change a
 * movement, the shoppers waiting for a product as the fake shop keeps their alerts. `calls`
 * records the pictures uploaded and the stock changes.
 */
export function fakeCatalogStaff(
  shop: Awaited<ReturnType<typeof fakeShop>>,
  calls: { uploaded: string[]; stock: number[] },
): CatalogPart {
  const adjustments: (Movement & { productId: string })[] = []
  const alerts = () => [...shop.waiting.values()].flat()
  const catalog: CatalogPart = {
    products: async (_t, query) => {
      const low =
        query.maxAvailable === undefined
          ? shop.catalog
          : shop.catalog.filter((p) => p.available <= Number(query.maxAvailable))
      return { items: low, total: low.length, page: 1, limit: 20 }
    },
    product: async (_t, id) =>
      knownOr404(
        shop.catalog.find((x) => x.id === id),
        `product ${id}`,
      ),
    // as products does: a picture (by its first bytes) is kept and named by its content; anything else is a 415
    async uploadPicture(_t, file) {
      const bytes = new Uint8Array(await file.arrayBuffer())
      if (!looksLikePicture(bytes)) throw notAPicture()
      const id = new Bun.CryptoHasher('sha256').update(bytes).digest('hex')
      calls.uploaded.push(id)
      const url = pictureUrl(id)
      return {
        url,
        mediumUrl: mediumPictureOf(url),
        smallUrl: smallPictureOf(url),
        width: 1,
        height: 1,
        bytes: bytes.byteLength,
      }
    },
    async createProduct() {
      const [first] = shop.catalog
      if (!first) throw new AppError('unavailable', 'The fake catalog is empty.')
      return first
    },
    importProducts: async (_t, rows, options) => fakeImport(shop.catalog, rows, options),
    // as products does: what is sent changes, the rest stays
    async updateProduct(_t, id, input) {
      const p = await catalog.product('', id)
      // as products does: an uploaded picture it never kept is a 400
      const unknown = (input.images ?? []).filter(
        (url) => uploadedPictureUrl.test(url) && !calls.uploaded.some((kept) => url.includes(kept)),
      )
      if (unknown.length)
        throw new AppError('validation', 'A picture named is not uploaded here; upload it again.', {
          errors: unknown.map((url) => ({ path: 'images', message: `no uploaded picture ${url.split('/').pop()}` })),
        })
      for (const key of ['name', 'description', 'price', 'images', 'attributes', 'active'] as const)
        if (input[key] !== undefined) Object.assign(p, { [key]: input[key] })
      return p
    },
    async adjustStock(_t, id, delta, reason) {
      const p = await catalog.product('', id)
      if (p.stock.onHand + delta < p.stock.reserved)
        throw new AppError('conflict', 'On hand cannot go below what is reserved.')
      p.stock.onHand += delta
      p.available += delta
      calls.stock.push(delta)
      const at = new Date().toISOString()
      adjustments.push({
        productId: id,
        id: adjustments.length + 1,
        delta,
        reason,
        actor: 'admin',
        orderId: null,
        onHandAfter: p.stock.onHand,
        at,
      })
    },
    // as products keeps them: the adjustments, and what each placed order took (naming the order)
    async movements(_t, id) {
      const sold = shop.orders
        .filter((o) => o.status !== 'pending' && o.status !== 'failed')
        .flatMap((o) => o.items.filter((i) => i.productId === id).map((i) => ({ order: o, quantity: i.quantity })))
        .map(({ order, quantity }, n) => ({
          id: 1000 + n,
          delta: -quantity,
          reason: `order ${order.id}`,
          actor: 'sales',
          orderId: order.id,
          onHandAfter: 0,
          at: order.createdAt,
        }))
      const items = [...adjustments.filter((m) => m.productId === id).map(({ productId: _, ...m }) => m), ...sold]
      return { items: items.sort((a, b) => b.at.localeCompare(a.at)), total: items.length }
    },
    reservations: async () => [
      {
        orderId: 'order-being-placed',
        quantity: 1,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
        createdAt: new Date().toISOString(),
      },
    ],
    // the shoppers waiting, as the fake shop keeps their alerts
    async waiting(_t, id) {
      const since = alerts()
        .filter((a) => a.productId === id)
        .map((a) => a.since)
      return { waiting: since.length, since: since.sort()[0] ?? null }
    },
    async demand(t, limit) {
      const names = new Map(alerts().map((a) => [a.productId, a.name]))
      const counted = await Promise.all(
        [...names].map(async ([productId, name]) => ({ productId, name, ...(await catalog.waiting(t, productId)) })),
      )
      return counted
        .map(({ since, ...p }) => ({ ...p, since: since ?? '' }))
        .sort((a, b) => b.waiting - a.waiting || a.since.localeCompare(b.since))
        .slice(0, limit)
    },
    categories: () => shop.shop.categories(),
    async updateCategory() {},
    async createCategory() {},
    async deleteCategory() {},
  }
  return catalog
}
