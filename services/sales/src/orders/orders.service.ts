import { AppError, enqueueMail, type Logger, type MailShop, type Principal, workThrough } from '@shopfront/kit'
import { statusMail } from '../mail/order-mail.ts'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { PaymentProvider } from '../payments/payment-provider.ts'
import type { Claim, Order, OrderFilter, OrderStatus, OrdersRepo } from './orders.repo.ts'
import { giveBack } from './give-back.ts'
import type { ReportPeriod } from './order-report.ts'
import { stalledAfterSeconds } from './order-stats.ts'
import { createPartialRefund } from './partial-refund.ts'
import type { RefundLine, RefundsRepo } from './refunds.repo.ts'

const staff = (p: Principal) => p.roles.includes('admin') || p.roles.includes('support')

/** What moving an order on needs: its records, the neighbours and the payment provider that give back, and the e-mails' settings. */
export interface OrderDeps {
  orders: OrdersRepo
  refunds: RefundsRepo
  neighbours: Neighbours
  payments: PaymentProvider
  /** Where the e-mails' links lead, their Message-IDs' domain and the return window they state. */
  shop: () => MailShop
  logger: Logger
}

/** What happens to an order after checkout: customers see and cancel their own; admins ship, deliver, cancel; support's approved returns refund. */
export function createOrderService(deps: OrderDeps) {
  const { orders, refunds, neighbours, payments, shop, logger } = deps
  // how long a cancellation or refund may take to move the money and stock back before recovery takes it over
  const claimSeconds = 120

  /** How many cancellations, refunds and refunds of some items are not finished (their money may be moving back). */
  const unfinishedGivingBack = async () => (await orders.countClaimed()) + (await refunds.countUnfinished())

  /** A claim by another move: this order is being cancelled or refunded (until that is done, or given up). */
  const claimedElsewhere = (order: Order, to: OrderStatus) => order.claimedFor !== null && order.claimedFor !== to

  const refused = (order: Order, to: OrderStatus) =>
    new AppError(
      'conflict',
      claimedElsewhere(order, to)
        ? `Order ${order.number} is being ${order.claimedFor}; it cannot become ${to}.`
        : `Order ${order.number} is ${order.status}; it cannot become ${to}.`,
      { orderStatus: order.status },
    )

  /** Moves an order from one of `from` to `to` with its history entry and e-mail, in one transaction; a repeat of the same move is a no-op. */
  async function move(
    id: string,
    from: OrderStatus[],
    to: 'shipped' | 'delivered' | 'cancelled' | 'refunded',
    actor: string,
    set: { trackingNumber?: string; note?: string } = {},
  ) {
    return orders.transaction(async (tx) => {
      const order = await orders.lock(tx, id)
      if (order.status === to) return order
      if (!from.includes(order.status) || claimedElsewhere(order, to)) throw refused(order, to)
      await orders.setStatus(tx, id, to, set.trackingNumber)
      const givingBack = to === 'cancelled' || to === 'refunded'
      if (givingBack) await refunds.all(tx, id, to === 'refunded')
      await orders.event(tx, id, to, set.note ?? (set.trackingNumber ? `tracking ${set.trackingNumber}` : null), actor)
      const moved: Order = {
        ...order,
        status: to,
        trackingNumber: set.trackingNumber ?? order.trackingNumber,
        claimedFor: null,
        claimedUntil: null,
        refunded: givingBack ? order.total : order.refunded,
        lines: to === 'refunded' ? order.lines.map((l) => ({ ...l, returned: l.quantity })) : order.lines,
      }
      // what this move gave back: what had not been refunded yet
      await enqueueMail(tx, statusMail(moved, to, shop(), order.total - order.refunded), shop().mailDomain)
      return moved
    })
  }

  /**
   * Money and stock back, then the status: the move is claimed under the row lock first,
   * so shipping (or another move) cannot slip in between the refund and the status change;
   * either the order is cancelled and refunded, or it shipped and nothing moved back. The
   * refund and restock are idempotent. A refusal before the money moved gives the claim up
   * and leaves the order as it was. Once the money may have moved (a timeout, an unreachable
   * provider on a repeat, a failure after the refund) the claim stays, so nothing else moves
   * the order, and a retry completes it, as recovery does once the claim lapses.
   */
  async function giveBackThenMove(id: string, from: OrderStatus[], claim: Claim) {
    const { to } = claim
    const claimed = await orders.transaction(async (tx) => {
      const order = await orders.lock(tx, id)
      if (order.status === to) return { order, repeat: true }
      if (!from.includes(order.status) || claimedElsewhere(order, to)) throw refused(order, to)
      if (await refunds.underWay(tx, id, claimSeconds))
        throw new AppError('conflict', `Some items of order ${order.number} are being refunded; try again in a moment.`)
      await orders.claim(tx, id, { ...claim, seconds: claimSeconds })
      return { order, repeat: order.claimedFor === to }
    })
    const { order, repeat } = claimed
    if (order.status === to) return order
    await giveBack(
      {
        money: async () => {
          if (order.paymentId) await payments.refund(order.id, order.paymentId)
        },
        stock: () => neighbours.returnStock(order.id),
        forget: () => orders.unclaim(id, to),
      },
      repeat,
    )
    return move(id, from, to, claim.by, { note: claim.note })
  }

  /** Repeats the cancellations and whole refunds whose claim lapsed, as claimed; how many finished. */
  const resumeMoves = () =>
    workThrough(
      'finishing a cancellation or refund',
      () => orders.claimLapsed(claimSeconds),
      ({ id, status, claimedFor, claimedBy, claimNote }) =>
        giveBackThenMove(id, [status], {
          to: claimedFor,
          by: claimedBy ?? 'system',
          note: claimNote ?? undefined,
        }),
      (order, err) =>
        logger.warn('could not finish cancelling or refunding the order yet; will retry', {
          orderId: order.id,
          error: String(err),
        }),
    )

  const { refundPart, resume } = createPartialRefund({
    ...deps,
    heldForMove: (order) => claimedElsewhere(order, 'delivered'),
  })

  return {
    idOf: (ref: string) => orders.idOf(ref),

    /**
     * For recovery: finishes the cancellations and refunds whose claim lapsed, and the refunds
     * of some items left unfinished `seconds` after their last attempt; how many.
     */
    resumeGivingBack: async (seconds: number) => (await resumeMoves()) + (await resume(seconds)),

    unfinishedGivingBack,

    /** An order as its owner, support or an admin may see it; anyone else is told it does not exist. */
    async view(id: string, principal: Principal) {
      const order = await orders.find(id)
      if (!order || (order.userId !== principal.id && !staff(principal)))
        throw new AppError('not_found', `No order ${id}.`)
      return { order, history: await orders.history(id) }
    },

    /** A customer's own orders; with `all`, for support and admins, everyone's, narrowed by `userId` and `email` too. */
    list(
      principal: Principal,
      { all, userId, email, ...query }: OrderFilter & { page: number; limit: number; all: boolean },
    ) {
      const everyone = all && staff(principal)
      return orders.list({ ...query, ...(everyone ? { userId, email } : { userId: principal.id }) })
    },

    /** Counts and takings over a period, for support and admins (the back office's dashboard). */
    async stats(principal: Principal, filter: Pick<OrderFilter, 'from' | 'to' | 'tz'>) {
      if (!staff(principal)) throw new AppError('forbidden', 'Only support and admins see the shop’s figures.')
      const [figures, stalled, givingBack] = await Promise.all([
        orders.stats(filter),
        orders.countStalled(stalledAfterSeconds),
        unfinishedGivingBack(),
      ])
      return { ...figures, attention: { stalled, givingBack } }
    },

    /** A period's sales day by day and its best sellers, for support and admins (the back office's reports). */
    report(principal: Principal, period: ReportPeriod) {
      if (!staff(principal)) throw new AppError('forbidden', 'Only support and admins see the shop’s figures.')
      return orders.report(period)
    },

    /** The owner may cancel before shipping, an admin before delivery: refunded, restocked, e-mailed. */
    async cancel(id: string, principal: Principal) {
      const order = await orders.find(id)
      const admin = principal.roles.includes('admin')
      if (!order || (order.userId !== principal.id && !staff(principal)))
        throw new AppError('not_found', `No order ${id}.`)
      if (order.userId !== principal.id && !admin)
        throw new AppError('forbidden', 'Only the customer or an admin can cancel an order.')
      const allowed: OrderStatus[] = admin ? ['paid', 'shipped'] : ['paid']
      if (order.status !== 'cancelled' && !allowed.includes(order.status)) {
        throw new AppError(
          'conflict',
          order.status === 'shipped'
            ? `Order ${order.number} has shipped; it can no longer be cancelled (ask for a return once it arrives).`
            : `Order ${order.number} is ${order.status}; it cannot be cancelled.`,
          { orderStatus: order.status },
        )
      }
      return giveBackThenMove(id, allowed, {
        to: 'cancelled',
        by: admin && order.userId !== principal.id ? `admin ${principal.id}` : 'customer',
      })
    },

    ship: (id: string, trackingNumber: string | undefined, principal: Principal) =>
      move(id, ['paid'], 'shipped', `admin ${principal.id}`, trackingNumber ? { trackingNumber } : {}),
    deliver: (id: string, principal: Principal) => move(id, ['shipped'], 'delivered', `admin ${principal.id}`),

    /**
     * For support's approved returns: a delivered order refunded and restocked, whole or, with
     * `part`, those items (once per its key; the last of its items refund it whole); idempotent.
     */
    async refund(id: string, reason: string | undefined, actor: string, part?: { key: string; items: RefundLine[] }) {
      if (part) {
        const done = await refundPart(id, part.key, part.items, actor, reason)
        if (done.order) return done.order
      }
      const order = await orders.get(id)
      if (order.status === 'refunded') return order
      if (order.status !== 'delivered')
        throw new AppError(
          'conflict',
          `Order ${order.number} is ${order.status}; only a delivered order can be refunded.`,
          { orderStatus: order.status },
        )
      return giveBackThenMove(id, ['delivered'], { to: 'refunded', by: actor, note: reason })
    },
  }
}

export type OrderService = ReturnType<typeof createOrderService>
