import { repeatInBackground, type Logger, workThrough } from '@shopfront/kit'
import type { OrdersRepo } from '../orders/orders.repo.ts'
import type { Checkout } from './checkout.service.ts'

/**
 * Finishes what checkouts and returns left unfinished, every `intervalMs` (and once at
 * start): pending orders whose lease ran out, failed orders still holding stock or money,
 * paid orders whose cart was not emptied; then what giving money back left unfinished (it
 * timed out, or its instance died): cancellations and refunds whose claim lapsed, refunds
 * of some items a lease after their last attempt. Work is claimed with SKIP LOCKED, so
 * several instances share it without doing any of it twice.
 */
export function createRecovery({
  orders,
  checkout,
  resumeGivingBack,
  intervalMs,
  leaseSeconds,
  logger,
}: {
  orders: OrdersRepo
  checkout: Checkout
  /** Finishes the cancellations and refunds left unfinished (the refunds of some items `seconds` after their last attempt); how many. */
  resumeGivingBack: (seconds: number) => Promise<number>
  intervalMs: () => number
  leaseSeconds: () => number
  logger: Logger
}) {
  async function runOnce(): Promise<number> {
    const handled = await workThrough(
      'checkout recovery',
      () => orders.claimUnfinished(leaseSeconds()),
      (order) => checkout.recover(order),
      (order, err) =>
        logger.warn('could not recover the order yet; will retry', { orderId: order.id, error: String(err) }),
    )
    if (handled) logger.info('recovered unfinished orders', { count: handled })
    const givenBack = await resumeGivingBack(leaseSeconds())
    if (givenBack) logger.info('finished cancellations and refunds left unfinished', { count: givenBack })
    return handled + givenBack
  }

  const loop = repeatInBackground({ name: 'order recovery', run: runOnce, intervalMs, logger })
  return { runOnce, start: loop.start, stop: loop.stop }
}
