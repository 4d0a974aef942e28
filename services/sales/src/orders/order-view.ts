import type { Order } from './orders.repo.ts'

/** An order as clients see it; money in minor units of `currency`. */
export function orderView(o: Order, history?: { status: string; note: string | null; at: string }[]) {
  return {
    id: o.id,
    number: o.number,
    userId: o.userId,
    customer: { name: o.customerName, email: o.email },
    status: o.status,
    items: o.lines,
    currency: o.currency,
    subtotal: o.subtotal,
    discount: o.discount,
    shipping: o.shipping,
    total: o.total,
    refunded: o.refunded,
    pendingStatus: o.claimedFor,
    promoCode: o.promoCode,
    shippingAddress: o.shippingAddress,
    payment: o.paymentId ? { reference: o.paymentId, ...o.paymentCard } : null,
    trackingNumber: o.trackingNumber,
    failure: o.failureCode ? { reason: o.failureCode, detail: o.failureReason, ...o.failedLine } : null,
    ...(history ? { history } : {}),
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
  }
}
