import { createServiceApp, type ServiceAppDeps } from '@shopfront/kit'
import { createCartRepo } from './cart/cart.repo.ts'
import { cartRoutes, guestCartRoutes, internalCartRoutes } from './cart/cart.routes.ts'
import { createCartService } from './cart/cart.service.ts'
import { openApiDocument } from './openapi.ts'
import type { Neighbours } from './neighbours/neighbours.ts'
import type { CartSettings } from './settings.ts'

export interface CartDeps extends ServiceAppDeps<CartSettings> {
  /** The catalog (the products service through the kit's client, in service.ts). */
  neighbours: Neighbours
}

/**
 * The cart service: one cart per user, priced from the catalog.
 *
 * @example
 *   const app = createApp({ db, config, logger, neighbours: { products }, verifier })
 */
export function createApp({ db, config, logger, metrics, health, neighbours, verifier: tokens }: CartDeps) {
  const cart = createCartService({
    repo: createCartRepo(db),
    products: neighbours.products,
    limits: () => config.current.cart,
  })
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.route('/api/cart', cartRoutes({ cart, verifier: tokens }))
  app.route('/internal/carts', internalCartRoutes({ cart, verifier: tokens }))
  app.route('/internal/guest-carts', guestCartRoutes({ cart, verifier: tokens }))
  return app
}
