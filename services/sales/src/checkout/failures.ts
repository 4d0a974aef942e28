import { AppError } from '@shopfront/kit'
import { refusedLine, reservationCodes } from '@shopfront/products/contract'
import type { FailedLine, Order } from '../orders/orders.repo.ts'

/**
 * Why a checkout failed: a code clients can branch on and a sentence they can show; for a
 * line that could not be had, which one and products' counts (so a client can offer what there is).
 */
export interface Failure {
  code: string
  reason: string
  line?: FailedLine
}

const declines = new Set(['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_number', 'incorrect_cvc'])
const nothingCharged = 'Nothing was charged; try again with a new Idempotency-Key.'

/** What went wrong at a step of the saga, from the error the step threw. */
export function failureOf(err: unknown, stage: 'stock' | 'payment' | 'commit'): Failure {
  const e = err instanceof AppError ? err : undefined
  // products says which with a code (its contract); a refusal without one counts as out of stock
  if (stage === 'stock' && e?.status === 409)
    return {
      code: e.extras.code === reservationCodes.noLongerSold ? 'no_longer_sold' : 'out_of_stock',
      reason: e.detail,
      ...lineOf(e.extras),
    }
  if (stage === 'payment' && e?.type === 'payment_required')
    return { code: String(e.extras.reason ?? 'card_declined'), reason: e.detail }
  if (stage === 'payment')
    return { code: 'payment_unavailable', reason: `The payment provider is unavailable. ${nothingCharged}` }
  if (stage === 'commit' && e?.status === 409)
    return {
      code: 'reservation_expired',
      reason: `The items were held for too long and are no longer reserved; your payment has been refunded.`,
    }
  return { code: 'service_unavailable', reason: `A service needed for checkout is unavailable. ${nothingCharged}` }
}

/** The refused line's facts, decoded with products' contract; none when the refusal names no product. */
function lineOf(extras: Record<string, unknown>): { line?: FailedLine } {
  const line = refusedLine.safeParse(extras)
  return line.success ? { line: line.data } : {}
}

/** The problem a failed checkout answers with (and answers again for a repeat of its Idempotency-Key). */
export function problemOf(order: Order): AppError {
  const code = order.failureCode ?? 'service_unavailable'
  const extras = { orderId: order.id, orderNumber: order.number, reason: code, ...order.failedLine }
  if (declines.has(code))
    return new AppError('payment_required', order.failureReason ?? 'The card was declined.', extras)
  if (code === 'out_of_stock' || code === 'no_longer_sold' || code === 'reservation_expired')
    return new AppError('conflict', order.failureReason ?? 'The items are no longer available.', extras)
  return new AppError('unavailable', order.failureReason ?? nothingCharged, { ...extras, retryAfter: 5 })
}
