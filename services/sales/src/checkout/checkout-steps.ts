import type { Neighbours } from '../neighbours/neighbours.ts'
import type { Order, SagaStep } from '../orders/orders.repo.ts'
import type { Card, PaymentProvider } from '../payments/payment-provider.ts'
import { type Failure, failureOf } from './failures.ts'

/** What a step writes down with itself (the payment it made). */
export type StepRecord = { paymentId?: string; paymentCard?: { brand: string; last4: string } }

/**
 * One step of the checkout saga. The order records `name` once the step is done, before the
 * next begins; a crash leaves the last step written, and recovery goes on from there.
 */
export interface CheckoutStep {
  /** The step the order is at once this one is done. */
  name: Exclude<SagaStep, 'created' | 'done'>
  /** Does the step; what it returns is written with it. The card is there only while the shopper waits. */
  run(order: Order, card: Card | undefined): Promise<StepRecord | undefined>
  /** The failure the order reports when `run` throws; `retry` leaves it pending for recovery to finish. */
  failure(err: unknown): Failure | 'retry'
  /** Undoes the step; it may run for a step that never took effect (a crash before it was written), so it is idempotent. False: not yet. */
  compensate?: { run(order: Order): Promise<boolean | undefined>; unfinished: string }
  /** Nothing to do for this order: the step is written as done without running. */
  skip?(order: Order): boolean
  /** What recovery does with an order interrupted right after this step: undo it, or finish it. */
  interrupted: 'undo' | 'finish'
}

const nothingToCharge = (order: Order) => order.total === 0

/**
 * The checkout saga, in order: reserve the stock, authorize and capture the payment, take
 * the stock for good. Before the capture an interrupted order is undone (the card is not
 * kept, and the shopper has moved on); from the capture on, it is finished. Adding a step
 * means adding one entry here.
 */
export function checkoutSteps({
  neighbours,
  payments,
  reservationTtl,
}: {
  neighbours: Neighbours
  payments: PaymentProvider
  reservationTtl: () => number
}): CheckoutStep[] {
  const paymentFailure = (err: unknown) => failureOf(err, 'payment')
  return [
    {
      name: 'reserved',
      run: async (order) => {
        const lines = order.lines.map(({ productId, quantity }) => ({ productId, quantity }))
        await neighbours.reserve(order.id, lines, reservationTtl())
        return undefined
      },
      failure: (err) => failureOf(err, 'stock'),
      compensate: {
        run: async (order) => {
          await neighbours.release(order.id)
          return true
        },
        unfinished: 'reservation not released; it expires on its own, recovery retries',
      },
      interrupted: 'undo',
    },
    {
      name: 'authorized',
      skip: nothingToCharge,
      run: async (order, card) => {
        if (!card) throw new Error(`order ${order.id}: no card to authorize (recovery never authorizes)`)
        const payment = await payments.authorize(order.id, order.total, order.currency, card)
        return { paymentId: payment.id, paymentCard: payment.card }
      },
      failure: paymentFailure,
      // voids the authorization, or refunds the capture once there is one
      compensate: { run: (order) => payments.undo(order.id), unfinished: 'payment not undone yet; recovery retries' },
      interrupted: 'undo',
    },
    {
      name: 'captured',
      skip: nothingToCharge,
      run: async (order) => {
        if (!order.paymentId) throw new Error(`order ${order.id}: no authorization to capture`)
        await payments.capture(order.id, order.paymentId)
        return undefined
      },
      failure: paymentFailure,
      interrupted: 'finish',
    },
    {
      name: 'committed',
      run: async (order) => {
        await neighbours.commit(order.id)
        return undefined
      },
      // products could not answer: the payment stays, recovery commits later; an expired
      // reservation cannot be committed at all, and the order fails (its payment refunded)
      failure: (err) => {
        const failure = failureOf(err, 'commit')
        return failure.code === 'reservation_expired' ? failure : 'retry'
      },
      interrupted: 'finish',
    },
  ]
}
