import { AppError, formatMoney } from '@shopfront/kit'
import type { Address } from '../neighbours/neighbours.ts'
import type { Order } from '../orders/orders.repo.ts'
import type { Card } from '../payments/payment-provider.ts'
import { problemOf } from './failures.ts'
import { type Buyer, rememberedContacts } from './known-contacts.ts'
import type { KnownContactsRepo } from './known-contacts.repo.ts'
import { createPricing } from './pricing.ts'
import { createSaga, type SagaDeps } from './saga.ts'

/** A repeat of a key whose checkout is still under way: the client repeats it shortly. */
const inProgress = { reason: 'in_progress', retryable: true, retryAfter: 2 } as const

export interface CheckoutRequest {
  payment: Card
  shippingAddress?: Address
  promoCode?: string
}

export interface CheckoutDeps extends SagaDeps {
  /** The contacts users gave at customers' last orders, for checkouts while it cannot answer. */
  knownContacts: KnownContactsRepo
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The request as its Idempotency-Key remembers it: the card only by its last four digits. */
async function fingerprint({ payment, ...rest }: CheckoutRequest): Promise<string> {
  const canonical = JSON.stringify({ ...rest, card: [payment.cardNumber.slice(-4), payment.expMonth, payment.expYear] })
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))).toString('hex')
}

/**
 * Checkout, the one orchestrator: the cart is priced, an order is created pending (once per
 * Idempotency-Key), and the saga takes it to paid or failed. A repeat of the key gets the
 * first request's outcome; recovery finishes or undoes what a crash left.
 */
export function createCheckout(deps: CheckoutDeps) {
  const { orders, promotions, neighbours, settings, knownContacts } = deps
  const pricing = createPricing({ neighbours, promotions, settings })
  const contactOf = rememberedContacts((userId) => neighbours.contact(userId), knownContacts, deps.logger)
  const saga = createSaga(deps)

  async function checkout(buyer: Buyer, idempotencyKey: string, request: CheckoutRequest): Promise<Order> {
    const userId = buyer.id
    const hash = await fingerprint(request)
    const existing = await orders.byKey(userId, idempotencyKey)
    if (existing) return settle(existing, hash)
    const order = await createOrder(buyer, idempotencyKey, hash, request)
    if (!order) {
      // the same key, at the same moment, from another request: it made the order
      const made = await orders.byKey(userId, idempotencyKey)
      if (!made)
        throw new AppError('conflict', 'This checkout is being made; repeat the request in a moment.', inProgress)
      return settle(made, hash)
    }
    return outcome(await saga.advance(order, request.payment))
  }

  /** Nothing is written until everything checks out. */
  async function createOrder(buyer: Buyer, idempotencyKey: string, requestHash: string, request: CheckoutRequest) {
    const userId = buyer.id
    const [contact, lines] = await Promise.all([contactOf(buyer), pricing.lines(userId)])
    const shippingAddress = request.shippingAddress ?? contact.shippingAddress
    if (!shippingAddress) {
      throw new AppError('unprocessable', 'Where should it go? Send a shippingAddress, or save one in your profile.', {
        errors: [{ path: 'shippingAddress', message: 'required (none in your profile)' }],
      })
    }
    const { promotion, ...totals } = await pricing.totals(userId, lines, request.promoCode)
    const { maxOrderTotal } = settings().checkout
    if (totals.total > maxOrderTotal) {
      throw new AppError(
        'unprocessable',
        `An order can total at most ${formatMoney({ amount: maxOrderTotal, currency: totals.currency })}; split it into several orders.`,
      )
    }
    const id = crypto.randomUUID()
    return orders.transaction(async (tx) => {
      const order = await orders.create(tx, {
        id,
        userId,
        email: contact.email,
        customerName: contact.name,
        ...totals,
        promotionId: promotion?.id,
        promoCode: promotion?.code,
        shippingAddress,
        idempotencyKey,
        requestHash,
        leaseSeconds: settings().checkout.leaseSeconds,
        lines,
      })
      if (order && promotion) await promotions.redeem(tx, promotion.id, promotion.code, userId, id)
      if (order) await knownContacts.remember(tx, contact)
      return order
    })
  }

  /** A repeat of a key: the same request gets the first one's outcome, once it has one. */
  async function settle(order: Order, hash: string): Promise<Order> {
    if (order.requestHash !== hash)
      throw new AppError(
        'unprocessable',
        'This Idempotency-Key was already used for a different checkout; use a new key.',
      )
    const deadline = Date.now() + settings().checkout.repeatWaitMs
    let current = order
    while (current.status === 'pending' && Date.now() < deadline) {
      await sleep(100)
      current = await orders.get(order.id)
    }
    if (current.status === 'pending')
      throw new AppError('conflict', 'This checkout is still being processed; repeat the request in a moment.', {
        ...inProgress,
        orderId: order.id,
      })
    return outcome(current)
  }

  const outcome = (order: Order) => {
    if (order.status === 'failed') throw problemOf(order)
    return order
  }

  return { checkout, quote: pricing.quote, recover: saga.recover }
}

export type Checkout = ReturnType<typeof createCheckout>
