import { formatMoney, pageOf } from '@shopfront/kit'
import { productQuantities, refusedLine } from '@shopfront/products/contract'

export { quantitiesByProduct } from '@shopfront/products/contract'
import { address, customer } from '@shopfront/users/contract'
import * as z from 'zod'

export const orderStatuses = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', 'failed'] as const
/** The statuses of an order that did not go through (yet): the orders list's `placed=true` and the day's figures leave them out. */
export const notPlaced: readonly (typeof orderStatuses)[number][] = ['failed', 'pending']
/** The statuses whose orders the shop keeps the money of (less any items' refunds): what takings count. */
export const paidFor: readonly (typeof orderStatuses)[number][] = ['paid', 'shipped', 'delivered']

/** A promotion code as sales reads it (checkout, quotes, new promotions): upper-cased, letters, digits, - and _. */
export const promoCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{2,40}$/, 'letters, digits, - and _ (2 to 40)')

/** An order's money as checkout prices it, in minor units of `currency`: the goods, less the discount, plus delivery. */
const totals = {
  currency: z.string(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  /** What delivery costs (0: free); `total` is subtotal less discount plus this. */
  shipping: z.number().int(),
  total: z.number().int(),
}

/** What checking out the cart would cost now, with a promotion code (POST /api/checkout/quote). */
export const quote = z.object({
  promoCode: z.string().nullable(),
  ...totals,
  /** From what goods' total (subtotal less discount) delivery is free; null: no such offer (or delivery is always free). */
  freeShippingFrom: z.number().int().nullable(),
})
export type Quote = z.infer<typeof quote>

/** What delivery costs at this shop (GET /api/checkout/delivery, for anyone): a flat fee an order, none from `freeFrom` of goods (null: never free); fee 0: always free. */
export const deliveryTerms = z.object({
  fee: z.number().int(),
  freeFrom: z.number().int().nullable(),
  currency: z.string(),
})
export type DeliveryTerms = z.infer<typeof deliveryTerms>

/** Where an order goes: the address as users keeps it. */
export const shippingAddress = address

export const orderLine = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
  /** How many of it came back and were refunded (a return). */
  returned: z.number().int(),
})

/** For a cart line a checkout could not have: products' facts of it (`productId`; `requested`, `available`, `held`). */
const failedLine = refusedLine.partial().shape

/**
 * What a refused checkout (402, 409) says beside the problem's `detail`: why (`reason`), the
 * failed order once there is one, and for a line that could not be had, its facts.
 */
export const checkoutRefusal = z.object({
  reason: z.string(),
  orderId: z.uuid().optional(),
  orderNumber: z.string().optional(),
  ...failedLine,
})

/** A move an order's status does not allow (409): where the order is. */
export const orderMoveRefusal = z.object({ orderStatus: z.enum(orderStatuses) })

/** An order as sales answers it: to its customer, to staff, and to users for a purchase history. */
export const order = z.object({
  id: z.uuid(),
  number: z.string(),
  userId: z.string(),
  customer,
  status: z.enum(orderStatuses),
  items: z.array(orderLine),
  ...totals,
  /** What has been given back to the card so far: some of it for a return of some items, all of it once cancelled or refunded. */
  refunded: z.number().int(),
  /**
   * A cancellation or refund under way, the status it gives the order once done: its money
   * may already be moving back, so nothing else moves the order meanwhile. Null when none.
   */
  pendingStatus: z.enum(['cancelled', 'refunded']).nullable(),
  promoCode: z.string().nullable(),
  shippingAddress,
  payment: z.object({ reference: z.string(), brand: z.string(), last4: z.string() }).nullable(),
  trackingNumber: z.string().nullable(),
  /** Why it failed, as the checkout's refusal said it. */
  failure: z.object({ reason: z.string(), detail: z.string(), ...failedLine }).nullable(),
  history: z.array(z.object({ status: z.string(), note: z.string().nullable(), at: z.string() })).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Order = z.infer<typeof order>

/** What support needs of an order (a return's window, a refund's owner): /internal/orders/:id. */
export const orderFacts = z.object({
  id: z.uuid(),
  number: z.string(),
  userId: z.string(),
  status: z.enum(orderStatuses),
  total: z.number().int(),
  currency: z.string(),
  deliveredAt: z.string().nullable(),
  /** What a return may name: each item, how many were bought and how many came back already. */
  items: z.array(orderLine.pick({ productId: true, name: true, quantity: true, returned: true })),
})
export type OrderFacts = z.infer<typeof orderFacts>

/** Some items of an order, by product and how many: what a return of part of it names, and sales refunds. */
export const orderItems = productQuantities

export const orderPage = pageOf(order)
export type OrderPage = z.infer<typeof orderPage>

/** An order's delivery line, as its page and its e-mail name it: with the code when one gave free delivery (it took nothing off the goods). */
export const shippingLabel = (o: { promoCode: string | null; discount: number }) =>
  o.promoCode && o.discount === 0 ? `Shipping (${o.promoCode})` : 'Shipping'

/** What a promotion gives: a percentage off the goods, an amount off them (minor units), or free delivery. */
export const promotionKinds = ['percent', 'amount', 'shipping'] as const
export type PromotionKind = (typeof promotionKinds)[number]

/** What a promotion gives, in words (the campaign e-mail's, the back office's): "10% off", "$5.00 off", "free delivery". */
export const offerText = (p: { kind: PromotionKind; value: number }, currency: string) =>
  p.kind === 'percent'
    ? `${p.value}% off`
    : p.kind === 'amount'
      ? `${formatMoney({ amount: p.value, currency })} off`
      : 'free delivery'

/**
 * What sales answers for its promotions and figures: its OpenAPI document states these,
 * and its clients (the web app's back office) read the answers with them, so neither can
 * drift from the other.
 */
export const promotion = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(promotionKinds),
  value: z.number().int(),
  minOrder: z.number().int(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  active: z.boolean(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  campaign: z.object({
    status: z.enum(['draft', 'sending', 'sent']),
    recipients: z.number().int().nullable(),
    queued: z.number().int(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    /** On one promotion's answer: its e-mails in the outbox so far. */
    delivery: z.object({ sent: z.number().int(), pending: z.number().int(), failed: z.number().int() }).optional(),
  }),
})
export type Promotion = z.infer<typeof promotion>
export const promotionPage = pageOf(promotion)

/**
 * A period's orders: per status, how many were placed, and what those still paid for took
 * in; and, whatever the period, the orders that need work now: checkouts still unfinished
 * 5 minutes after they began (`stalled`) and cancellations or refunds whose money is still
 * on its way back (`givingBack`). Sales keeps retrying both; above 0 for long, the provider,
 * products or the cart keeps failing (sales' log says which).
 */
export const orderStats = z.object({
  orders: z.number().int(),
  revenue: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  attention: z.object({ stalled: z.number().int(), givingBack: z.number().int() }),
})
export type OrderStats = z.infer<typeof orderStats>

/**
 * A period's sales day by day (every day of it, in the shop's time zone; placed orders and
 * takings as the stats count them) and its best sellers: the products whose kept items took
 * in most, at the prices they sold at (before promotions taken off a whole order).
 */
export const salesReport = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  tz: z.string(),
  orders: z.number().int(),
  revenue: z.number().int(),
  /** Of the takings, what delivery was charged (orders still paid for). */
  shipping: z.number().int(),
  days: z.array(
    z.object({ day: z.iso.date(), orders: z.number().int(), revenue: z.number().int(), shipping: z.number().int() }),
  ),
  bestSellers: z.array(
    z.object({
      productId: z.uuid(),
      sku: z.string(),
      name: z.string(),
      units: z.number().int(),
      revenue: z.number().int(),
    }),
  ),
})
export type SalesReport = z.infer<typeof salesReport>
/** A report's period in all: the sum of its days. */
export const periodTotals = (days: SalesReport['days']) => ({
  orders: days.reduce((n, d) => n + d.orders, 0),
  revenue: days.reduce((n, d) => n + d.revenue, 0),
  shipping: days.reduce((n, d) => n + d.shipping, 0),
})

/** An e-mail as it would be sent (a campaign's preview). */
export const mailPreview = z.object({ subject: z.string(), text: z.string(), html: z.string() })

/** The stable codes of the reviews' refusals: what a caller branches on. */
export const reviewCodes = {
  /** No order delivered to the shopper holds the product (403): reviews are of what people received. */
  notDelivered: 'not_delivered',
} as const

/** A review as the shop shows it: the author's first name, 1 to 5 stars, a title and words (either may be empty). */
export const review = z.object({
  /** What the shop calls it in public (a report names it): its author's id stays staff's. */
  id: z.uuid(),
  productId: z.uuid(),
  /** The product's name as the order that makes it a verified purchase bought it. */
  productName: z.string(),
  /** Who wrote it, as the shop names them: the first word of the name on their order ("Ann"). */
  author: z.string(),
  rating: z.number().int().min(1).max(5),
  title: z.string(),
  body: z.string(),
  /** Staff hid it: the shop's list leaves it out (its author and staff still see it). */
  hidden: z.boolean(),
  /** The shop's public answer under it, and when it was written (null: none). */
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Review = z.infer<typeof review>

/** How a product is rated by the reviews the shop shows: how many, their average (null: none), how many gave 1 to 5 stars. */
export const ratings = z
  .object({
    count: z.number().int(),
    average: z.number().nullable(),
    byStars: z.array(z.number().int()).length(5),
  })
  .meta({ example: { count: 3, average: 4.7, byStars: [0, 0, 0, 1, 2] } })
export type Ratings = z.infer<typeof ratings>

/** The ratings of a product's shown reviews, from how many gave each number of stars. */
export function ratingsOf(stars: { rating: number; count: number }[]): Ratings {
  const byStars = [1, 2, 3, 4, 5].map((n) => stars.find((s) => s.rating === n)?.count ?? 0)
  const count = byStars.reduce((a, n) => a + n, 0)
  const sum = byStars.reduce((a, n, i) => a + n * (i + 1), 0)
  return { count, average: count ? Math.round((sum / count) * 10) / 10 : null, byStars }
}

/** The first word of a name: what the shop shows of a review's author ("Ann" of "Ann Example"). */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] || 'A customer'

/** GET /api/reviews/ratings?productIds=: each product's ratings, in the order asked (for the catalog's cards). */
export const productRatings = z.object({ items: z.array(ratings.extend({ productId: z.uuid() })) }).meta({
  example: {
    items: [{ productId: '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c1e90', count: 3, average: 4.7, byStars: [0, 0, 0, 1, 2] }],
  },
})
export type ProductRatings = z.infer<typeof productRatings>

/** How a product's reviews can be ordered: newest first, or the most (or fewest) stars first, newest first among them. */
export const reviewSorts = ['newest', 'highest', 'lowest'] as const
export type ReviewSort = (typeof reviewSorts)[number]

/** GET /api/reviews/:productId: a page of a product's reviews, newest first, and its ratings. */
export const productReviewPage = pageOf(review).extend({ ratings })
export type ProductReviewPage = z.infer<typeof productReviewPage>
export const reviewPage = pageOf(review)

/** GET /api/reviews/:productId/mine: the shopper's review (null: none yet), and whether they may write one. */
export const myReview = z.object({ review: review.nullable(), canReview: z.boolean() })
export type MyReview = z.infer<typeof myReview>

/** A review as staff see it: whose it is and the order that makes it a verified purchase. */
export const staffReview = review.extend({
  userId: z.string(),
  orderId: z.uuid(),
  orderNumber: z.string(),
  /** How many shoppers reported it since staff last hid or showed it, and why, those who said (oldest first). */
  reports: z.number().int(),
  reportReasons: z.array(z.string()),
})
export type StaffReview = z.infer<typeof staffReview>
/** What staff see of a review beyond the shop's view (whose, its order, its reports). */
type StaffOnly = Pick<StaffReview, 'userId' | 'orderId' | 'orderNumber' | 'reports' | 'reportReasons'>
/** A review as its author (and the shop) see it: staff's fields left out. */
export const shopperView = <T extends StaffOnly>({
  userId: _,
  orderId: __,
  orderNumber: ___,
  reports: ____,
  reportReasons: _____,
  ...review
}: T) => review
export const staffReviewPage = pageOf(staffReview)
