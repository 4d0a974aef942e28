import type { Sql } from 'postgres'
import {
  createServiceApp,
  createServiceVerifier,
  type HealthOptions,
  type LiveConfig,
  type Logger,
  type Metrics,
  type ServiceClient,
  type TokenVerifier,
} from '@shopfront/kit'
import { createCartRepo } from './cart/cart.repo.ts'
import { cartRoutes, internalCartRoutes } from './cart/cart.routes.ts'
import { createCartService } from './cart/cart.service.ts'
import { openApiDocument } from './openapi.ts'
import { productsOverHttp, type ProductsPort } from './products/products-port.ts'
import type { CartSettings } from './settings.ts'

export interface CartDeps {
  sql: Sql
  config: LiveConfig<CartSettings>
  logger: Logger
  metrics?: Metrics
  health?: HealthOptions
  client?: (service: string) => ServiceClient
  /** The catalog; by default the products service through the kit's client. */
  products?: ProductsPort
  verifier?: TokenVerifier
}

/**
 * The cart service: one cart per user, priced from the catalog.
 *
 * @example
 *   const app = createApp({ sql, config, logger, products, verifier })
 */
export function createApp({ sql, config, logger, metrics, health, client, products, verifier }: CartDeps) {
  const tokens = verifier ?? createServiceVerifier(client!, config.current.auth)
  const cart = createCartService({
    repo: createCartRepo(sql),
    products: products ?? productsOverHttp(client!('products')),
    limits: () => config.current.cart,
  })
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.route('/api/cart', cartRoutes({ cart, verifier: tokens }))
  app.route('/internal/carts', internalCartRoutes({ cart, verifier: tokens }))
  return app
}
