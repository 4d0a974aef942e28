import { openApiDocument as document } from '@shopfront/kit'
import { checkoutBody, quoteBody } from './checkout/checkout.routes.ts'
import { listQuery, reportQuery, statsQuery, statusBody } from './orders/orders.routes.ts'
import {
  checkoutRefusal,
  deliveryTerms,
  mailPreview,
  order,
  orderMoveRefusal,
  orderPage,
  orderStats,
  promotion,
  promotionPage,
  salesReport,
  quote,
} from './contract.ts'
import { createPromotionBody, patchPromotionBody, promotionsQuery } from './promotions/promotions.routes.ts'
import { reviewOperations } from './reviews/reviews.openapi.ts'

/** What the gateway merges into /openapi.json. */
export const openApiDocument = document('sales', [
  {
    method: 'post',
    path: '/api/checkout',
    access: 'user',
    body: checkoutBody,
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          'Any 8 to 200 printable characters, new for each purchase (a UUID): a repeat with the same key gets the first outcome and is never charged twice',
        schema: { type: 'string', minLength: 8, maxLength: 200, example: '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c1e90' },
      },
    ],
    summary:
      'Check out the cart: header Idempotency-Key required; prices from the catalog. Sandbox cards: 4242424242424242 approves, 4000000000000002 declines, 4000000000009995 lacks funds, 4000000000000119 makes the provider fail, 4000000000006975 is too slow',
    responses: {
      201: { description: 'The paid order', schema: order },
      404: 'Your account is not known to users (it was removed)',
      402: { description: 'Card declined (reason: card_declined, insufficient_funds, ...)', schema: checkoutRefusal },
      409: {
        description:
          'reason out_of_stock or no_longer_sold: a line cannot be had (productId names it; requested, available and held in checkouts under way are products’ counts); in_progress: the same key is being checked out, repeat it',
        schema: checkoutRefusal,
      },
      422: 'Empty cart, bad promotion code, no address, or the key reused for another request',
      503: 'Payment provider unavailable (nothing charged)',
    },
  },
  {
    method: 'get',
    path: '/api/checkout/delivery',
    summary:
      'What delivery costs at this shop: a flat `fee` an order (minor units), none once the goods after a discount come to `freeFrom` (null: never free); fee 0: always free',
    responses: { 200: { description: 'The terms', schema: deliveryTerms } },
  },
  {
    method: 'post',
    path: '/api/checkout/quote',
    access: 'user',
    body: quoteBody,
    summary: 'What checking out the cart would cost now, with a promotion code (nothing is charged or written)',
    responses: {
      200: {
        description: 'The totals',
        schema: quote,
      },
      409: 'A product in the cart is no longer sold',
      422: 'Empty cart, or the promotion code does not apply (the detail says why)',
    },
  },
  {
    method: 'get',
    path: '/api/orders',
    access: 'user',
    summary:
      "Your orders, newest first (support and admins: ?all=true for everyone's, narrowed by userId or e-mail); from and to: placed between two days (UTC)",
    query: listQuery,
    responses: { 200: { description: 'A page of orders', schema: orderPage } },
  },
  {
    method: 'get',
    path: '/api/orders/stats',
    access: 'support',
    summary:
      'Orders per status, placed orders (all but failed and pending) and their takings net of refunds, between two days (UTC); and the orders still being finished, whatever the days (`attention`: checkouts stuck over 5 minutes, money on its way back)',
    query: statsQuery,
    responses: {
      200: {
        description: 'The figures',
        schema: orderStats,
      },
      403: 'Not support or an admin',
    },
  },
  {
    method: 'get',
    path: '/api/orders/report',
    access: 'support',
    summary:
      'Sales from one day to another (both included, at most 366; days begin at midnight in tz, UTC by default): every day with its placed orders and takings net of refunds, as the stats count them, and the `top` best sellers (default 10, at most 50) by what their kept items took in, before promotions taken off a whole order',
    query: reportQuery,
    responses: {
      200: { description: 'The report', schema: salesReport },
      403: 'Not support or an admin',
    },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    access: 'user',
    summary: 'One order with its lines, totals and status history',
    responses: { 200: { description: 'The order', schema: order }, 404: 'Not yours, or no such order' },
  },
  {
    method: 'post',
    path: '/api/orders/{id}/cancel',
    access: 'user',
    summary: 'Cancel: the owner before shipping, an admin before delivery; refunds and restocks',
    responses: {
      200: { description: 'The cancelled order', schema: order },
      409: { description: 'Too late to cancel (orderStatus says where it is)', schema: orderMoveRefusal },
      503: 'The payment provider or products cannot be reached: repeat it (nothing changed; or, when the money already went back, the order is held for this cancellation, which the repeat or recovery finishes)',
      504: 'The payment provider did not answer in time: the money may have gone back, so the order is held for this cancellation; a repeat (or recovery, within minutes) finishes it',
    },
  },
  {
    method: 'patch',
    path: '/api/orders/{id}/status',
    access: 'admin',
    summary: 'Move an order on: paid -> shipped (trackingNumber) -> delivered',
    body: statusBody,
    responses: {
      200: { description: 'The order', schema: order },
      409: { description: 'Not a valid move (orderStatus says where it is)', schema: orderMoveRefusal },
    },
  },
  {
    method: 'get',
    path: '/api/promotions',
    access: 'admin',
    summary: 'Promotions',
    query: promotionsQuery,
    responses: { 200: { description: 'A page of promotions', schema: promotionPage } },
  },
  {
    method: 'post',
    path: '/api/promotions',
    access: 'admin',
    summary:
      'Create a promotion: a code, what it gives (`percent` or `amount` off, or `shipping`: free delivery, no value) and a campaign e-mail',
    body: createPromotionBody,
    responses: { 201: { description: 'The promotion', schema: promotion }, 409: 'The code exists' },
  },
  {
    method: 'get',
    path: '/api/promotions/{id}',
    access: 'admin',
    summary: "One promotion, with its campaign's progress",
    responses: { 200: { description: 'The promotion', schema: promotion } },
  },
  {
    method: 'patch',
    path: '/api/promotions/{id}',
    access: 'admin',
    summary: 'Change a promotion',
    body: patchPromotionBody,
    responses: { 200: { description: 'The promotion', schema: promotion }, 409: 'The code exists' },
  },
  {
    method: 'get',
    path: '/api/promotions/{id}/preview',
    access: 'admin',
    summary: "The campaign's e-mail as a recipient would get it (a sample recipient), before it is sent",
    responses: {
      200: {
        description: 'The e-mail',
        schema: mailPreview,
      },
      404: 'No such promotion',
    },
  },
  {
    method: 'post',
    path: '/api/promotions/{id}/send',
    access: 'admin',
    summary: 'E-mail the campaign to every opted-in user (in the background; nobody twice)',
    responses: {
      202: { description: 'Sending; progress on GET', schema: promotion },
      409: 'The promotion is not active: activate it first',
    },
  },
  ...reviewOperations,
])
