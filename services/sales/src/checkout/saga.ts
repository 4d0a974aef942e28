import { enqueueMail, type Logger } from '@shopfront/kit'
import { confirmationMail } from '../mail/order-mail.ts'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { Order, OrdersRepo, SagaStep } from '../orders/orders.repo.ts'
import type { Card, PaymentProvider } from '../payments/payment-provider.ts'
import type { PromotionsRepo } from '../promotions/promotions.repo.ts'
import type { SalesSettings } from '../settings.ts'
import { checkoutSteps, type StepRecord } from './checkout-steps.ts'
import type { Failure } from './failures.ts'

export interface SagaDeps {
  orders: OrdersRepo
  promotions: PromotionsRepo
  neighbours: Neighbours
  payments: PaymentProvider
  settings: () => SalesSettings
  logger: Logger
  onOutcome?: (outcome: string) => void
}

/**
 * The checkout saga as it runs an order: each step of `checkoutSteps` done and written down
 * before the next (reserve stock -> authorize -> capture -> commit stock -> paid, with the
 * confirmation e-mail queued in the same transaction), so a crash leaves an order `recover`
 * can finish or undo. A failing step undoes what was done: stock released, payment voided or
 * refunded, promotion given back, order `failed` with a reason.
 */
export function createSaga({ orders, promotions, neighbours, payments, settings, logger, onOutcome }: SagaDeps) {
  const lease = () => settings().checkout.leaseSeconds
  const steps = checkoutSteps({ neighbours, payments, reservationTtl: () => settings().checkout.reservationTtlSeconds })

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
      await enqueueMail(tx, confirmationMail(paid, settings().shop), settings().shop.mailDomain)
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

  return { advance, recover }
}

export type Saga = ReturnType<typeof createSaga>
