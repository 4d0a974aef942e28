import { createServiceApp, forgetForUsers, type ServiceAppDeps } from '@shopfront/kit'
import { createAlertsRepo } from './alerts/alerts.repo.ts'
import { alertRoutes } from './alerts/alerts.routes.ts'
import { createAlertsService } from './alerts/alerts.service.ts'
import { categoryRoutes } from './categories/categories.routes.ts'
import { createCategoriesRepo } from './categories/categories.repo.ts'
import { createCategoriesService } from './categories/categories.service.ts'
import { createCatalogService } from './catalog/catalog.service.ts'
import { productRoutes } from './catalog/products.routes.ts'
import { createProductsRepo } from './catalog/products.repo.ts'
import { createSpelling } from './catalog/spelling.ts'
import { picturesPath } from './contract.ts'
import { openApiDocument } from './openapi.ts'
import { createPicturesRepo } from './pictures/pictures.repo.ts'
import { pictureRoutes } from './pictures/pictures.routes.ts'
import { createPictureService } from './pictures/pictures.service.ts'
import { internalRoutes } from './stock/internal.routes.ts'
import { createReservationsRepo } from './stock/reservations.repo.ts'
import { createReturnsRepo } from './stock/returns.repo.ts'
import { createStockService } from './stock/stock.service.ts'
import type { ProductsSettings } from './settings.ts'

export type ProductsDeps = ServiceAppDeps<ProductsSettings>

/**
 * The products service: catalog, search and stock, and shoppers' alerts for what is sold out.
 *
 * @example
 *   const app = createApp({ db, config, logger, verifier })
 *   await app.request('/api/products?q=coffee&sort=price_asc')
 */
export function createApp({ db, config, logger, metrics, health, verifier: tokens }: ProductsDeps) {
  const products = createProductsRepo(db)
  const reservations = createReservationsRepo(db)
  const { maxBodyBytes } = config.current.http
  const uploads = {
    [picturesPath]: config.current.catalog.pictures.maxUploadBytes,
    // a thousand products with long descriptions
    '/api/products/import': 8 * 1024 * 1024,
  }
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes, largerBodies: uploads })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  const pictures = createPictureService({
    repo: createPicturesRepo(db),
    maxPixels: () => config.current.catalog.pictures.maxMegapixels * 1e6,
  })
  app.route(picturesPath, pictureRoutes({ pictures, verifier: tokens }))
  const catalog = createCatalogService({ products, reservations, spelling: createSpelling(db), pictures })
  app.route('/api/products', productRoutes({ catalog, verifier: tokens }))
  app.route(
    '/api/categories',
    categoryRoutes({ categories: createCategoriesService(createCategoriesRepo(db)), verifier: tokens }),
  )
  const stock = createStockService({
    products,
    reservations,
    returns: createReturnsRepo(db),
    ttlSeconds: () => config.current.stock.reservationTtlSeconds,
  })
  app.route('/internal', internalRoutes({ stock, verifier: tokens }))
  const alerts = createAlertsService({ alerts: createAlertsRepo(db), products })
  app.route('/api/stock-alerts', alertRoutes({ alerts, verifier: tokens }))
  // users has a deleted account's alerts forgotten
  app.route('/internal', forgetForUsers(tokens, 'stock-alerts', alerts.forgetUser))
  return app
}
