import * as z from 'zod'
import { AppError, principalOf, readJson, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import { addressInput } from '@shopfront/users/contract'
import { type DeliveryTerms, promoCode } from '../contract.ts'
import { orderView } from '../orders/order-view.ts'
import type { Checkout } from './checkout.service.ts'
import { buyerOf } from './known-contacts.ts'

export const checkoutBody = z
  .object({
    payment: z
      .object({
        cardNumber: z
          .string()
          .transform((s) => s.replace(/[\s-]/g, ''))
          .pipe(z.string().regex(/^\d{12,19}$/, '12 to 19 digits'))
          .meta({ description: '12 to 19 digits (spaces and dashes are left out)', example: '4242424242424242' }),
        expMonth: z.number().int().min(1).max(12),
        expYear: z.number().int().min(2000).max(2100),
        cvc: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
      })
      .strict(),
    // the address as users takes one for a profile: a saved address always fits checkout
    shippingAddress: addressInput.optional(),
    promoCode: promoCode.optional(),
  })
  .strict()
export const quoteBody = z.object({ promoCode: promoCode.optional() }).strict()
const idempotencyKey = z.string().regex(/^[\x21-\x7e]{8,200}$/)

/**
 * POST /api/checkout: the signed-in user's cart becomes a paid order, once per
 * Idempotency-Key. POST /api/checkout/quote: what it would cost now, with a promotion code.
 * GET /api/checkout/delivery: what delivery costs, for anyone (a guest's cart).
 */
export function checkoutRoutes({
  checkout,
  delivery,
  verifier,
}: {
  checkout: Checkout
  delivery: () => DeliveryTerms
  verifier: TokenVerifier
}) {
  const { app, signedIn } = serviceRoutes(verifier)
  app.get('/delivery', (c) => c.json(delivery(), 200, { 'cache-control': 'public, max-age=60' }))
  app.post('/', signedIn, async (c) => {
    const key = c.req.header('idempotency-key')
    if (!key || !idempotencyKey.safeParse(key).success) {
      throw new AppError(
        'validation',
        'Send an Idempotency-Key header (8 to 200 printable characters, e.g. a UUID) so a repeated request never charges twice.',
        { errors: [{ path: 'Idempotency-Key', message: key ? 'malformed' : 'required' }] },
      )
    }
    const body = await readJson(c, checkoutBody)
    const order = await checkout.checkout(buyerOf(principalOf(c)), key, body)
    return c.json(orderView(order), 201, { location: `/api/orders/${order.id}` })
  })
  app.post('/quote', signedIn, async (c) =>
    c.json(await checkout.quote(principalOf(c).id, (await readJson(c, quoteBody)).promoCode)),
  )
  return app
}
