import { AppError } from '@shopfront/kit'
import type { ProductInfo, ProductsPort } from '../neighbours/neighbours.ts'
import type { CartRepo, Line } from './cart.repo.ts'

export interface CartLimits {
  maxQuantityPerLine: number
  maxLines: number
}

/**
 * The cart's use cases. Prices and availability come from the catalog, never the client;
 * when the catalog cannot be asked, the cart is still shown from what was last seen
 * (marked stale), but nothing is added on guesswork.
 */
export function createCartService({
  repo,
  products,
  limits,
}: {
  repo: CartRepo
  products: ProductsPort
  limits: () => CartLimits
}) {
  const mustFind = async (productId: string): Promise<ProductInfo> => {
    const product = await products.get(productId)
    if (!product?.active) {
      throw new AppError('unprocessable', `Product ${productId} is not sold.`, {
        errors: [{ path: 'productId', message: 'no such product on sale' }],
      })
    }
    return product
  }

  const checkQuantity = (product: ProductInfo, quantity: number) => {
    const { maxQuantityPerLine } = limits()
    if (quantity > maxQuantityPerLine) {
      throw new AppError('unprocessable', `At most ${maxQuantityPerLine} of one product per cart.`, {
        errors: [{ path: 'quantity', message: `at most ${maxQuantityPerLine}` }],
      })
    }
    if (quantity > product.available) {
      throw new AppError('conflict', `Only ${product.available} of ${product.name} available.`, {
        productId: product.id,
        available: product.available,
      })
    }
  }

  return {
    async view(userId: string) {
      const lines = await repo.lines(userId)
      let catalog: Map<string, ProductInfo>
      try {
        // one call for the whole cart, however many lines it has
        catalog = await products.lookup(lines.map((l) => l.productId))
      } catch (err) {
        if (!(err instanceof AppError) || !err.retryable) throw err
        return cartView(lines, true)
      }
      const current = await Promise.all(
        lines.map(async (line): Promise<Line> => {
          const product = catalog.get(line.productId)
          if (!product?.active) {
            await repo.forget(userId, line.productId)
            return { ...line, active: false, available: 0 }
          }
          await repo.remember(userId, product)
          return { ...line, ...product, productId: line.productId }
        }),
      )
      return cartView(current)
    },

    async add(userId: string, productId: string, quantity: number) {
      const product = await mustFind(productId)
      await repo.locked(userId, async (tx) => {
        const lines = await repo.lines(userId, tx)
        const existing = lines.find((l) => l.productId === productId)
        if (!existing && lines.length >= limits().maxLines) {
          throw new AppError('unprocessable', `A cart holds at most ${limits().maxLines} different products.`, {
            errors: [{ path: 'productId', message: 'cart is full' }],
          })
        }
        const total = (existing?.quantity ?? 0) + quantity
        checkQuantity(product, total)
        await repo.save(tx, userId, product, total)
      })
    },

    async setQuantity(userId: string, productId: string, quantity: number) {
      const notInCart = () => new AppError('not_found', `Product ${productId} is not in the cart.`)
      const before = (await repo.lines(userId)).find((l) => l.productId === productId)
      if (!before) throw notInCart()
      // fewer never needs the catalog; more must be available (asked before the cart is locked)
      const product = quantity > before.quantity ? await mustFind(productId) : undefined
      if (product) checkQuantity(product, quantity)
      await repo.locked(userId, async (tx) => {
        if (!(await repo.lines(userId, tx)).some((l) => l.productId === productId)) throw notInCart()
        await (product ? repo.save(tx, userId, product, quantity) : repo.setQuantity(tx, userId, productId, quantity))
      })
    },

    async remove(userId: string, productId: string) {
      if (!(await repo.remove(userId, productId)))
        throw new AppError('not_found', `Product ${productId} is not in the cart.`)
    },

    empty: (userId: string) => repo.empty(userId),
    /** A deleted account's cart, gone with what is remembered of its orders. */
    forget: (userId: string) => repo.forgetUser(userId),

    /**
     * At sign-in: a guest's lines join the account's cart (added to a line it already has),
     * then the guest cart is emptied. A line the account's cart cannot take as it is (no
     * longer sold, the cart full, more than is available) is left out and counted.
     */
    async merge(fromCart: string, intoCart: string): Promise<{ merged: number; skipped: number }> {
      let merged = 0
      for (const line of await repo.lines(fromCart)) {
        try {
          await this.add(intoCart, line.productId, line.quantity)
          merged++
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500) throw err
        }
      }
      const lines = await repo.lines(fromCart)
      await repo.empty(fromCart)
      return { merged, skipped: lines.length - merged }
    },

    /** After a checkout: the order's lines leave the cart (once per order), anything added meanwhile stays. */
    checkedOut: (userId: string, orderId: string, bought: { productId: string; quantity: number }[]) =>
      repo.takeOff(userId, orderId, bought),
  }
}

export type CartService = ReturnType<typeof createCartService>

/** `{items, subtotal, currency, stale}`; each line says whether it can still be bought as it is. */
export function cartView(lines: Line[], stale = false) {
  const items = lines.map((l) => ({
    productId: l.productId,
    name: l.name,
    unitPrice: l.unitPrice,
    quantity: l.quantity,
    lineTotal: l.unitPrice * l.quantity,
    available: l.available,
    status: !l.active ? 'inactive' : l.quantity > l.available ? 'short' : 'ok',
  }))
  const subtotal = items.filter((i) => i.status !== 'inactive').reduce((sum, i) => sum + i.lineTotal, 0)
  return { items, subtotal, currency: lines[0]?.currency ?? 'USD', stale }
}
