/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { AppError, createServiceApp, problemResponse, type ServiceAppDeps } from '@shopfront/kit'
import { accountRoutes } from './account/account.routes.tsx'
import { adminRoutes } from './admin/admin.routes.tsx'
import type { Staff } from './admin/staff.ts'
import { passwordResetRoutes } from './account/password-reset.routes.tsx'
import { sessionStarter } from './account/start-session.ts'
import { mailLinkRoutes } from './account/mail-links.routes.tsx'
import { passwordChangeRoutes } from './account/password-change.routes.tsx'
import { accountDeletionRoutes } from './account/account-deletion.routes.tsx'
import { dataExportRoutes } from './account/data-export.routes.ts'
import { profileRoutes } from './account/profile.routes.tsx'
import { productListsRoutes } from './account/product-lists.routes.tsx'
import { cartRoutes } from './cart/cart.routes.tsx'
import type { DeliveryTerms } from './shop/schemas.ts'
import { cardRatings } from './catalog/card-ratings.ts'
import { catalogRoutes } from './catalog/catalog.routes.tsx'
import { productPageRoutes } from './catalog/product-page.routes.tsx'
import { reviewRoutes } from './catalog/reviews.routes.tsx'
import { productArtRoutes } from './catalog/product-art.ts'
import { checkoutRoutes } from './checkout/checkout.routes.tsx'
import { assetRoutes, assetUrl } from './layout/assets.ts'
import { errorPage } from './layout/error-page.tsx'
import { createRenderer } from './layout/render.tsx'
import { ordersRoutes } from './orders/orders.routes.tsx'
import { ticketsRoutes } from './tickets/tickets.routes.tsx'
import { createSessionsRepo } from './session/sessions.repo.ts'
import { createSessions, type WebEnv } from './session/session.ts'
import type { WebSettings } from './settings.ts'
import { cached } from './shop/cached.ts'
import type { Shop } from './shop/shop.ts'

export interface WebDeps extends ServiceAppDeps<WebSettings> {
  /** The services, through the kit's client (service.ts), or a test's own. */
  shop: Shop
  /** The same for the back office, on behalf of staff. */
  staff: Staff
}

/** Pages load only the shop's own files; forms post only to the shop; no other site frames it. */
const contentSecurityPolicy =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

/**
 * The web app: the storefront, server-rendered HTML (Hono JSX) for shoppers, served through
 * the gateway at `/`, and the back office for staff at `/admin`. A client of the services like any other (the `shop` port), with its
 * own database for sessions only.
 *
 * @example
 *   const app = createApp({ db, config, logger, verifier, shop: shopOverHttp(client) })
 */
export function createApp({ db, config, logger, metrics, health, verifier, shop, staff }: WebDeps) {
  const settings = () => config.current.web
  const repo = createSessionsRepo(db)
  const sessions = createSessions({ repo, shop, verifier, logger, settings: () => settings().session })
  const categories = cached(() => shop.categories(), 60_000, { fallback: [] })
  // what delivery costs, said on product pages and a guest's cart (nothing while sales cannot say)
  const delivery = cached<DeliveryTerms | undefined>(() => shop.delivery(), 60_000, { fallback: undefined })
  // the shop's terms, as its pages state them: the return window (support keeps it), the seller
  const terms = () => config.current.shop
  const render = createRenderer(categories, terms)

  const { maxBodyBytes } = config.current.http
  // the back office's product forms carry pictures' files
  const uploads = { '/admin/products': settings().maxUploadBytes }
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes, largerBodies: uploads })
  // pages, no API: the gateway's merged OpenAPI document gets an empty one from here (not a warning)
  app.get('/openapi.json', (c) =>
    c.json({ openapi: '3.1.0', info: { title: 'Shopfront web (pages only)', version: '1.0.0' }, paths: {} }),
  )
  // static files need no session
  app.route('/assets', assetRoutes())
  // what a browser asks for on a page that names no icon (the API's JSON through the gateway)
  app.get('/favicon.ico', (c) => c.redirect(assetUrl('favicon.svg'), 302))
  app.route('/images/products', productArtRoutes())
  app.use(async (c, next) => {
    await next()
    // (a page may set its own: the back office's e-mail preview, whose inline styles need one)
    if (c.res.headers.get('content-type')?.startsWith('text/html') && !c.res.headers.has('content-security-policy')) {
      c.res.headers.set('content-security-policy', contentSecurityPolicy)
      c.res.headers.set('cache-control', 'no-store')
    }
  })
  const shopPages = new Hono<WebEnv>()
  shopPages.use(sessions.middleware)
  // the cards' stars, kept a minute a product: for the home page, the catalog and a product's page
  const ratings = cardRatings(shop)
  shopPages.route('/', catalogRoutes({ shop, render, categories, pageSize: () => settings().pageSize, ratings }))
  shopPages.route('/', productPageRoutes({ shop, render, delivery, ratings, terms }))
  shopPages.route('/', reviewRoutes({ shop, render }))
  shopPages.route(
    '/cart',
    cartRoutes({ shop, render, sessions, repo, delivery, secureCookie: () => settings().session.secureCookie }),
  )
  const startSession = sessionStarter({ shop, sessions, repo, logger })
  shopPages.route('/', accountRoutes({ shop, render, sessions, startSession, logger }))
  shopPages.route('/password-reset', passwordResetRoutes({ shop, render, startSession }))
  shopPages.route('/account/password', passwordChangeRoutes({ shop, render, sessions, repo }))
  shopPages.route('/account/delete', accountDeletionRoutes({ shop, render, sessions }))
  shopPages.route('/account/data', dataExportRoutes({ shop }))
  shopPages.route('/account', productListsRoutes({ shop, render }))
  shopPages.route('/account', profileRoutes({ shop, render, repo }))
  shopPages.route('/checkout', checkoutRoutes({ shop, render, repo, logger }))
  shopPages.route('/orders', ordersRoutes({ shop, render, terms }))
  shopPages.route('/tickets', ticketsRoutes({ shop, render, terms }))
  shopPages.route('/admin', adminRoutes({ staff, settings, terms }))
  shopPages.route('/', mailLinkRoutes({ shop, render, secureCookie: () => settings().session.secureCookie }))
  app.route('/', shopPages as never)

  const htmlWanted = (path: string, accept: string | undefined) =>
    !path.startsWith('/api/') && !path.startsWith('/internal/') && !(accept ?? '').startsWith('application/json')
  app.notFound((c) =>
    htmlWanted(c.req.path, c.req.header('accept'))
      ? errorPage(c as never, render, new AppError('not_found', 'There is no page at this address.'), logger)
      : problemResponse(c, new AppError('not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  )
  app.onError((err, c) =>
    htmlWanted(c.req.path, c.req.header('accept'))
      ? errorPage(c as never, render, err, logger)
      : problemResponse(c, err, logger),
  )
  return app
}
