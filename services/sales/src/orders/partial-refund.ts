import { AppError, enqueueMail, workThrough } from '@shopfront/kit'
import { giveBack } from './give-back.ts'
import { quantitiesByProduct } from '../contract.ts'
import { partialRefundMail } from '../mail/order-mail.ts'
import type { Order } from './orders.repo.ts'
import type { OrderDeps } from './orders.service.ts'
import type { RefundLine } from './refunds.repo.ts'

/**
 * What some items of an order are worth back: their share of what was paid for the goods
 * (the order's discount spread over its items by price; delivery left out). `whole` when
 * they are all that is still out, so the order is refunded whole, delivery included. An
 * item the order did not have, or more of it than is still out, is a 409 naming it.
 */
export function refundOf(order: Order, items: RefundLine[]) {
  const wanted = quantitiesByProduct(items)
  let value = 0
  for (const [productId, quantity] of wanted) {
    const line = order.lines.find((l) => l.productId === productId)
    const out = line ? line.quantity - line.returned : 0
    if (!line || quantity > out)
      throw new AppError(
        'conflict',
        line
          ? `Only ${out} of ${line.name} in order ${order.number} can still be returned.`
          : `Order ${order.number} has no product ${productId}.`,
        { productId, outstanding: out },
      )
    value += line.unitPrice * quantity
  }
  const whole = order.lines.every((l) => l.quantity - l.returned === (wanted.get(l.productId) ?? 0))
  const goods = order.total - order.shipping
  const amount = order.subtotal === 0 ? 0 : Math.round((value * goods) / order.subtotal)
  const lines = [...wanted].map(([productId, quantity]) => ({ productId, quantity }))
  return { whole, lines, amount: Math.min(amount, order.total - order.refunded) }
}

/**
 * The refund of some items of a delivered order (a return of part of it), once per key:
 * written down and counted first, under the order's lock, then the money (that amount,
 * once per key at the provider) and the stock (those items, once per key at products),
 * then finished with its history entry and e-mail, once. A refusal before the money moved
 * forgets it and leaves the order as it was. Once the money may have moved (a timeout, an
 * unreachable provider on a repeat, a failure after the money went back) it stays counted,
 * so no other return can take those items again, and a repeat of its key finishes it, as
 * recovery does with one left unfinished (`resume`).
 */
export function createPartialRefund({
  orders,
  refunds,
  neighbours,
  payments,
  shop,
  logger,
  heldForMove,
}: OrderDeps & {
  /** A cancellation or a whole refund under way for this order (until done or given up). */
  heldForMove: (order: Order) => boolean
}) {
  /** The refund written down (or found again by its key), or what to do instead: nothing (done), or the whole refund. */
  const begin = (id: string, key: string, items: RefundLine[], actor: string, reason?: string) =>
    orders.transaction(async (tx) => {
      const order = await orders.lock(tx, id)
      const known = await refunds.find(tx, id, key)
      if (known?.done || order.status === 'refunded') {
        // refunded whole since: that refund gave back all this one would have
        if (known) await refunds.finish(tx, id, key)
        return { done: order }
      }
      if (known) {
        await refunds.attempt(tx, id, key)
        return { order, refund: known, repeat: true }
      }
      if (order.status !== 'delivered' || heldForMove(order))
        throw new AppError(
          'conflict',
          `Order ${order.number} is ${heldForMove(order) ? `being ${order.claimedFor}` : order.status}; only a delivered order can be refunded.`,
          { orderStatus: order.status },
        )
      const { whole, amount, lines } = refundOf(order, items)
      if (whole) return { whole: order }
      const refund = await refunds.start(tx, { orderId: id, key, amount, lines, actor, reason })
      return { order, refund, repeat: false }
    })

  async function refundPart(id: string, key: string, items: RefundLine[], actor: string, reason?: string) {
    const started = await begin(id, key, items, actor, reason)
    if ('done' in started) return { order: started.done }
    if ('whole' in started) return { whole: true as const }
    const { order, refund, repeat } = started
    await giveBack(
      {
        money: async () => {
          if (order.paymentId && refund.amount > 0)
            await payments.refund(order.id, order.paymentId, { amount: refund.amount, key })
        },
        stock: () => neighbours.returnStock(order.id, { key: `refund:${key}`, lines: refund.lines }),
        forget: () => refunds.undo(id, key),
      },
      repeat,
    )
    return {
      order: await orders.transaction(async (tx) => {
        const now = await orders.lock(tx, id)
        if (!(await refunds.finish(tx, id, key))) return now
        const items = refund.lines.map(
          (l) => `${l.quantity} × ${now.lines.find((x) => x.productId === l.productId)?.name}`,
        )
        const note = [`${items.join(', ')} returned`, refund.reason].filter(Boolean).join(': ')
        await orders.event(tx, id, 'partially_refunded', note, refund.actor)
        await enqueueMail(tx, partialRefundMail(now, refund, shop()), shop().mailDomain)
        return now
      }),
    }
  }

  /** Repeats the refunds left unfinished `seconds` ago or more, as their keys' repeats would; how many finished. */
  const resume = (seconds: number) =>
    workThrough(
      'finishing a refund of some items',
      () => refunds.claimStalled(seconds),
      (r) => refundPart(r.orderId, r.key, r.lines, r.actor, r.reason ?? undefined),
      ({ orderId, key }, err) =>
        logger.warn('could not finish a refund of some items yet; will retry', { orderId, key, error: String(err) }),
    )

  return { refundPart, resume }
}
