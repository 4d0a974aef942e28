import {
  countedGauge,
  createBreakers,
  createServiceApp,
  forgetForUsers,
  outcomeCounter,
  type Breakers,
  type ServiceAppDeps,
} from '@shopfront/kit'
import { checkoutRoutes } from './checkout/checkout.routes.ts'
import { createCheckout } from './checkout/checkout.service.ts'
import { createKnownContactsRepo } from './checkout/known-contacts.repo.ts'
import { createRecovery } from './checkout/recovery.ts'
import type { Neighbours } from './neighbours/neighbours.ts'
import { openApiDocument } from './openapi.ts'
import { stalledAfterSeconds } from './orders/order-stats.ts'
import { createOrdersRepo } from './orders/orders.repo.ts'
import { internalOrderRoutes, orderRoutes } from './orders/orders.routes.ts'
import { createOrderService } from './orders/orders.service.ts'
import { createRefundsRepo } from './orders/refunds.repo.ts'
import { paymentsOverHttp, type PaymentProvider } from './payments/payment-provider.ts'
import { createCampaignSender } from './promotions/campaign-sender.ts'
import { createCampaignsRepo } from './promotions/campaigns.repo.ts'
import { createPromotionsRepo } from './promotions/promotions.repo.ts'
import { promotionRoutes } from './promotions/promotions.routes.ts'
import { createReviewsRepo } from './reviews/reviews.repo.ts'
import { reviewRoutes } from './reviews/reviews.routes.ts'
import { createReviewsService } from './reviews/reviews.service.ts'
import type { SalesSettings } from './settings.ts'

export interface SalesDeps extends ServiceAppDeps<SalesSettings> {
  breakers?: Breakers
  /** users, cart and products (over HTTP through the kit's client, in service.ts). */
  neighbours: Neighbours
  /** The payment provider; by default the configured one over HTTP. */
  payments?: PaymentProvider
}

/**
 * The sales service and its background work: checkout, orders, promotions, reviews of what
 * was delivered; the recovery of unfinished checkouts and the campaign sender, the jobs the
 * kit starts and stops.
 *
 * @example
 *   const { app, jobs, recovery, sender } = createApp({ db, config, logger, neighbours, verifier, breakers })
 */
export function createApp({
  db,
  config,
  logger,
  metrics,
  health,
  breakers = createBreakers({ metrics, logger }),
  neighbours: near,
  payments,
  verifier: tokens,
}: SalesDeps) {
  const settings = () => config.current
  const pay =
    payments ??
    paymentsOverHttp({
      url: () => settings().payments.url,
      apiKey: () => settings().payments.apiKey,
      timeoutMs: () => settings().payments.timeoutMs,
      breakers,
    })
  const outcomes = outcomeCounter(metrics, 'sales_checkouts_total', 'Checkouts by outcome (paid, or why they failed)')
  const orders = createOrdersRepo(db)
  const promotions = createPromotionsRepo(db)
  const knownContacts = createKnownContactsRepo(db)
  const checkout = createCheckout({
    orders,
    promotions,
    knownContacts,
    neighbours: near,
    payments: pay,
    settings,
    logger,
    onOutcome: (outcome) => outcomes?.inc({ outcome }),
  })
  const orderService = createOrderService({
    orders,
    refunds: createRefundsRepo(db),
    neighbours: near,
    payments: pay,
    shop: () => settings().shop,
    logger,
  })
  const sender = createCampaignSender({
    promotions,
    campaigns: createCampaignsRepo(db),
    neighbours: near,
    settings,
    logger,
  })
  const recovery = createRecovery({
    orders,
    checkout,
    resumeGivingBack: orderService.resumeGivingBack,
    intervalMs: () => settings().checkout.recoveryIntervalMs,
    leaseSeconds: () => settings().checkout.leaseSeconds,
    logger,
  })

  // above 0 for minutes, the provider or products keeps failing and recovery keeps retrying: worth an alert
  countedGauge(
    metrics,
    'sales_giving_back_unfinished',
    'Cancellations, refunds and refunds of some items not finished yet (their money may be moving back)',
    orderService.unfinishedGivingBack,
  )
  countedGauge(
    metrics,
    'sales_checkouts_stalled',
    'Checkouts (or their undoing) still unfinished 5 minutes after they began: recovery keeps failing to finish them',
    () => orders.countStalled(stalledAfterSeconds),
  )

  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: settings().http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  const delivery = () => {
    const { currency, shipping } = settings().checkout
    return { ...shipping, currency }
  }
  app.route('/api/checkout', checkoutRoutes({ checkout, delivery, verifier: tokens }))
  app.route('/api/orders', orderRoutes({ service: orderService, verifier: tokens }))
  app.route(
    '/api/promotions',
    promotionRoutes({
      promotions,
      sender,
      verifier: tokens,
      shop: () => settings().shop,
      currency: () => settings().checkout.currency,
    }),
  )
  const reviews = createReviewsService(createReviewsRepo(db), () => settings().shop)
  app.route('/api/reviews', reviewRoutes({ reviews, verifier: tokens }))
  app.route('/internal', internalOrderRoutes({ orders, service: orderService, verifier: tokens }))
  // users has a deleted account's contact (kept for checkouts while users is away) and reviews forgotten
  app.route('/internal', forgetForUsers(tokens, 'contact', knownContacts.forget))
  app.route('/internal', forgetForUsers(tokens, 'reviews', reviews.forgetUser))
  return { app, jobs: [recovery, sender], recovery, sender }
}
