import { AppError } from '@shopfront/kit'
import { subjectOf } from './fake-users.ts'
import { alertCodes, type Product, type StockAlert } from './schemas.ts'
import type { Shop } from './shop.ts'

type AlertsPart = Pick<Shop, 'stockAlert' | 'stockAlerts' | 'watchStock' | 'stopWatching'>

/** Products' "tell me when it is back" as the web app's tests see it: alerts by the token's subject, for a product sold out only. */
export function fakeAlerts({
  check,
  catalog,
}: {
  check: (service: 'products') => void
  catalog: Product[]
}): AlertsPart & { waiting: Map<string, StockAlert[]> } {
  // by user, newest first
  const waiting = new Map<string, StockAlert[]>()
  // whether the product is still sold, as products joins it when asked
  const mine = (token: string) =>
    (waiting.get(subjectOf(token)) ?? []).map((a) => ({
      ...a,
      active: catalog.some((p) => p.id === a.productId && p.active),
    }))
  return {
    waiting,
    async stockAlert(token, productId) {
      check('products')
      return mine(token).find((a) => a.productId === productId)
    },
    async stockAlerts(token) {
      check('products')
      return mine(token)
    },
    async watchStock(token, productId) {
      check('products')
      const p = catalog.find((x) => x.id === productId && x.active)
      if (!p) throw new AppError('not_found', `No product ${productId}.`)
      if (p.available > 0)
        throw new AppError('conflict', `It is in stock: ${p.available} can be bought now.`, {
          code: alertCodes.inStock,
          available: p.available,
        })
      if (mine(token).some((a) => a.productId === productId)) return
      const alert = { productId, name: p.name, active: true, since: new Date().toISOString() }
      waiting.set(subjectOf(token), [alert, ...mine(token)])
    },
    async stopWatching(token, productId) {
      check('products')
      waiting.set(
        subjectOf(token),
        mine(token).filter((a) => a.productId !== productId),
      )
    },
  }
}
