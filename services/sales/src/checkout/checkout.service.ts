import { AppError, enqueueMail, formatMoney, type Logger } from '@shopfront/kit'
import { confirmationMail } from '../mail/order-mail.ts'
import type { Address, Neighbours } from '../neighbours/neighbours.ts'
import type { Order, OrderLine, OrdersRepo, SagaStep } from '../orders/orders.repo.ts'
import type { Card, PaymentProvider } from '../payments/payment-provider.ts'
import type { PromotionsRepo } from '../promotions/promotions.repo.ts'
import type { SalesSettings } from '../settings.ts'
import { checkoutSteps, type StepRecord } from './checkout-steps.ts'
import { problemOf, type Failure } from './failures.ts'

/** A repeat of a key whose checkout is still under way: the client repeats it shortly. */
const inProgress = { reason: 'in_progress', retryable: true, retryAfter: 2 } as const

export interface CheckoutRequest {
  payment: Card
  shippingAddress?: Address
  promoCode?: string
}

export interface CheckoutDeps {
  orders: OrdersRepo
  promotions: PromotionsRepo
  neighbours: Neighbours
  payments: PaymentProvider
  settings: () => SalesSettings
  logger: Logger
  onOutcome?: (outcome: string) => void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The request as its Idempotency-Key remembers it: the card only by its last four digits. */
async function fingerprint({ payment, ...rest }: CheckoutRequest): Promise<string> {
  const canonical = JSON.stringify({ ...rest, card: [payment.cardNumber.slice(-4), payment.expMonth, payment.expYear] })
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))).toString('hex')
}

/**
 * Checkout, the one orchestrator: an order is created pending, then each step is done and
 * written down before the next (reserve stock -> authorize -> capture -> commit stock ->
 * paid, with the confirmation e-mail queued in the same transaction), so a crash leaves an
 * order recovery can finish or undo. Any failure undoes what was done: stock released,
 * payment voided or refunded, promotion given back, order `failed` with a reason.
 */
export function createCheckout({
  orders,
  promotions,
  neighbours,
  payments,
  settings,
  logger,
  onOutcome,
}: CheckoutDeps) {
  const lease = () => settings().checkout.leaseSeconds
  const steps = checkoutSteps({ neighbours, payments, reservationTtl: () => settings().checkout.reservationTtlSeconds })

  async function checkout(userId: string, idempotencyKey: string, request: CheckoutRequest): Promise<Order> {
    const hash = await fingerprint(request)
    const existing = await orders.byKey(userId, idempotencyKey)
    if (existing) return settle(existing, hash)
    const order = await createOrder(userId, idempotencyKey, hash, request)
    if (!order) {
      // the same key, at the same moment, from another request: it made the order
      const made = await orders.byKey(userId, idempotencyKey)
      if (!made)
        throw new AppError('conflict', 'This checkout is being made; repeat the request in a moment.', inProgress)
      return settle(made, hash)
    }
    return outcome(await advance(order, request.payment))
  }

  /** The user's cart priced from the catalog (never from the client); a line that cannot be bought is a 409 naming it. */
  async function pricedCart(userId: string): Promise<OrderLine[]> {
    const { currency } = settings().checkout
    const cart = await neighbours.cartLines(userId)
    if (cart.length === 0) throw new AppError('unprocessable', 'Your cart is empty.')
    const catalog = new Map((await neighbours.products(cart.map((l) => l.productId))).map((p) => [p.id, p]))
    return cart.map(({ productId, quantity }) => {
      const p = catalog.get(productId)
      if (!p?.active)
        throw new AppError(
          'conflict',
          `${p?.name ?? `Product ${productId}`} is no longer sold; remove it from your cart.`,
          { reason: 'no_longer_sold', productId },
        )
      if (p.currency !== currency)
        throw new AppError('conflict', `${p.name} is priced in ${p.currency}; this shop sells in ${currency}.`, {
          reason: 'wrong_currency',
          productId,
        })
      return {
        productId,
        sku: p.sku,
        name: p.name,
        unitPrice: p.unitPrice,
        quantity,
        lineTotal: p.unitPrice * quantity,
      }
    })
  }

  /** What checkout would charge for the cart now, with a promotion code (a 422 saying why a code does not apply); nothing is written. */
  async function quote(userId: string, promoCode?: string) {
    const { currency } = settings().checkout
    const subtotal = (await pricedCart(userId)).reduce((sum, l) => sum + l.lineTotal, 0)
    const discount = promoCode ? (await promotions.quote(promoCode, userId, subtotal, currency)).discount : 0
    return { promoCode: promoCode ?? null, subtotal, discount, total: subtotal - discount, currency }
  }

  /** Nothing is written until everything checks out. */
  async function createOrder(userId: string, idempotencyKey: string, requestHash: string, request: CheckoutRequest) {
    const { currency } = settings().checkout
    const [contact, lines] = await Promise.all([neighbours.contact(userId), pricedCart(userId)])
    const shippingAddress = request.shippingAddress ?? contact.shippingAddress
    if (!shippingAddress) {
      throw new AppError('unprocessable', 'Where should it go? Send a shippingAddress, or save one in your profile.', {
        errors: [{ path: 'shippingAddress', message: 'required (none in your profile)' }],
      })
    }
    const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0)
    const quote = request.promoCode ? await promotions.quote(request.promoCode, userId, subtotal, currency) : undefined
    const discount = quote?.discount ?? 0
    const { maxOrderTotal } = settings().checkout
    if (subtotal - discount > maxOrderTotal) {
      throw new AppError(
        'unprocessable',
        `An order can total at most ${formatMoney({ amount: maxOrderTotal, currency })}; split it into several orders.`,
      )
    }
    const id = crypto.randomUUID()
    return orders.transaction(async (tx) => {
      const order = await orders.create(tx, {
        id,
        userId,
        email: contact.email,
        customerName: contact.name,
        currency,
        subtotal,
        discount,
        total: subtotal - discount,
        promotionId: quote?.promotion.id,
        promoCode: quote?.promotion.code,
        shippingAddress,
        idempotencyKey,
        requestHash,
        leaseSeconds: lease(),
        lines,
      })
      if (order && quote) await promotions.redeem(tx, quote.promotion.id, quote.promotion.code, userId, id)
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

  /** Where an order's last written step is in the saga: -1 before the first, the number of steps once done. */
  const reached = (step: SagaStep) => (step === 'done' ? steps.length : steps.findIndex((s) => s.name === step))

  /**
   * Runs the saga forward from the order's last written step, writing each step down as it
   * is done; a failing step undoes the order (or, `retry`, leaves it to recovery). Then the
   * order is paid and the bought lines leave the cart.
   */
  async function advance(order: Order, card?: Card): Promise<Order> {
    let current = order
    for (const step of steps.slice(reached(order.step) + 1)) {
      let record: StepRecord | undefined
      if (!step.skip?.(current)) {
        try {
          record = await step.run(current, card)
        } catch (err) {
          const failure = step.failure(err)
          if (failure === 'retry') throw err
          return fail(current, failure)
        }
      }
      await orders.step(current.id, step.name, lease(), record)
      current = { ...current, ...record, step: step.name }
    }
    const paid = await markPaid(current.id)
    // recovery may have settled the order meanwhile (a checkout that outlived its lease): its outcome stands
    if (paid.status !== 'paid') return paid
    await emptyCart(paid)
    onOutcome?.('paid')
    return paid
  }

  async function markPaid(orderId: string): Promise<Order> {
    return orders.transaction(async (tx) => {
      const order = await orders.lock(tx, orderId)
      if (order.status !== 'pending') return order
      await orders.markPaid(tx, orderId)
      await orders.event(tx, orderId, 'paid', order.paymentId ? `payment ${order.paymentId}` : null, 'checkout')
      const paid = { ...order, status: 'paid' as const, step: 'done' as const }
      await enqueueMail(tx, confirmationMail(paid, settings().shop.publicUrl), settings().shop.mailDomain)
      return paid
    })
  }

  async function emptyCart(order: Order) {
    try {
      await neighbours.clearBought(
        order.userId,
        order.id,
        order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      )
      await orders.setFlags(order.id, { cartEmptied: true })
    } catch (err) {
      logger.warn('cart not emptied after checkout; recovery will retry', {
        orderId: order.id,
        error: (err as Error).message,
      })
    }
  }

  /**
   * Undoes what the order holds, last step first: every step written, and the one under way
   * (it may have taken effect before a crash). False when something could not be undone yet.
   */
  async function compensate(order: Order): Promise<boolean> {
    let done = true
    for (const step of steps.slice(0, reached(order.step) + 2).reverse()) {
      if (!step.compensate) continue
      try {
        if ((await step.compensate.run(order)) === false) done = false
      } catch (err) {
        done = false
        logger.warn(step.compensate.unfinished, { orderId: order.id, error: (err as Error).message })
      }
    }
    return done
  }

  async function fail(order: Order, failure: Failure): Promise<Order> {
    const undone = await compensate(order)
    if (order.promotionId) await promotions.unredeem(order.id)
    const failed = await orders.transaction(async (tx) => {
      const current = await orders.lock(tx, order.id)
      if (current.status !== 'pending') return current
      await orders.markFailed(tx, order.id, { ...failure, compensationPending: !undone })
      await orders.event(tx, order.id, 'failed', failure.reason, 'checkout')
      return {
        ...current,
        status: 'failed' as const,
        failureCode: failure.code,
        failureReason: failure.reason,
        failedLine: failure.line ?? null,
        compensationPending: !undone,
      }
    })
    onOutcome?.(failure.code)
    logger.info('checkout failed', { orderId: order.id, code: failure.code, compensated: undone })
    return failed
  }

  /**
   * Takes over an order whose checkout stopped (a crash, a restart, a neighbour down):
   * before the capture it is undone (the card is not kept, and the shopper has moved on);
   * after it, it is finished. Failed orders get their undo retried; paid ones their cart emptied.
   */
  async function recover(order: Order): Promise<void> {
    if (order.status === 'pending') {
      if (steps[reached(order.step)]?.interrupted === 'finish') await advance(order)
      else
        await fail(order, {
          code: 'interrupted',
          reason: 'The checkout was interrupted before payment was taken. Nothing was charged; please check out again.',
        })
      return
    }
    if (order.compensationPending && (await compensate(order)))
      await orders.setFlags(order.id, { compensationPending: false })
    if (order.status === 'paid' && !order.cartEmptied) await emptyCart(order)
  }

  return { checkout, quote, recover }
}

export type Checkout = ReturnType<typeof createCheckout>
