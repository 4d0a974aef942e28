import { Hono, type Context } from 'hono'
import * as z from 'zod'
import { behaviourOf, brandOf, luhnValid } from './cards.ts'
import { createPaymentStore, type Payment, type PaymentStore } from './store.ts'

export interface SandboxOptions {
  /** The secret key callers send as `Authorization: Bearer <key>`. */
  apiKey: string
  store?: PaymentStore
  /** Added to every answer, to make the provider feel remote. */
  latencyMs?: number
  /** How long the slow card (4000 0000 0000 6975) takes; longer than any sane caller's timeout. */
  slowMs?: number
  now?: () => Date
}

const createBody = z.object({
  amount: z.number().int().min(1).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/),
  reference: z.string().min(1).max(200).optional(),
  capture: z.boolean().default(false),
  card: z.object({
    number: z.string().regex(/^\d{12,19}$/),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int().min(2000).max(2100),
    cvc: z.string().regex(/^\d{3,4}$/),
  }),
})
const refundBody = z.object({ amount: z.number().int().min(1).optional() })

type Failure = { status: number; type: string; code: string; message: string }
const fail = (c: Context, { status, ...error }: Failure) => c.json({ error }, status as 400)
const invalid = (message: string): Failure => ({
  status: 400,
  type: 'invalid_request_error',
  code: 'parameter_invalid',
  message,
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The sandbox payment provider: a small stand-in for an external card API (in the manner
 * of Stripe's): authorize (optionally capturing at once), capture, void, refund, look up,
 * all behind a secret key, every POST idempotent by its Idempotency-Key. The test cards of
 * API.md approve, decline, lack funds, fail with a 500 or answer too slowly.
 *
 * @example
 *   const app = createSandboxApp({ apiKey: 'sk_test_shopfront', slowMs: 30_000 })
 */
export function createSandboxApp({
  apiKey,
  store = createPaymentStore(),
  latencyMs = 0,
  slowMs = 30_000,
  now = () => new Date(),
}: SandboxOptions) {
  const app = new Hono()
  const inFlight = new Set<string>()

  app.get('/health', (c) => c.json({ status: 'UP' }))
  app.get('/health/live', (c) => c.json({ status: 'UP' }))
  app.use('/v1/*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${apiKey}`)
      return fail(c, {
        status: 401,
        type: 'authentication_error',
        code: 'invalid_api_key',
        message: 'Invalid API key.',
      })
    if (latencyMs) await sleep(latencyMs)
    return next()
  })

  /** Runs a POST once per Idempotency-Key: a repeat gets the first answer; other parameters with the same key are refused. */
  const once = async (c: Context, scope: string, work: (body: unknown) => Promise<Response>) => {
    const text = await c.req.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : {}
    } catch {
      return fail(c, invalid('The body must be JSON.'))
    }
    const header = c.req.header('idempotency-key')
    if (!header) return work(body)
    const key = `${scope}:${header}`
    const fingerprint = JSON.stringify(body)
    const stored = store.answer(key)
    if (stored) {
      if (stored.fingerprint !== fingerprint)
        return fail(c, {
          status: 422,
          type: 'idempotency_error',
          code: 'idempotency_key_reused',
          message: 'This Idempotency-Key was used with other parameters.',
        })
      return c.json(stored.body as object, stored.status as 200, { 'idempotent-replayed': 'true' })
    }
    if (inFlight.has(key))
      return fail(c, {
        status: 409,
        type: 'idempotency_error',
        code: 'request_in_progress',
        message: 'A request with this Idempotency-Key is in progress.',
      })
    inFlight.add(key)
    try {
      const res = await work(body)
      // server faults are not remembered: the caller may repeat and get a real answer
      if (res.status < 500) store.remember(key, { fingerprint, status: res.status, body: await res.clone().json() })
      return res
    } finally {
      inFlight.delete(key)
    }
  }

  const change = (payment: Payment, set: Partial<Payment>) =>
    store.save({ ...payment, ...set, updatedAt: now().toISOString() })
  const find = (c: Context) => store.get(c.req.param('id') ?? '')
  const missing = (c: Context) =>
    fail(c, {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such payment: ${c.req.param('id')}`,
    })

  app.post('/v1/payments', (c) =>
    once(c, 'create', async (raw) => {
      const parsed = createBody.safeParse(raw)
      if (!parsed.success)
        return fail(c, invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')))
      const { amount, currency, reference, capture, card } = parsed.data
      if (!luhnValid(card.number))
        return fail(c, {
          status: 402,
          type: 'card_error',
          code: 'incorrect_number',
          message: 'Your card number is incorrect.',
        })
      const today = now()
      if (
        card.expYear < today.getUTCFullYear() ||
        (card.expYear === today.getUTCFullYear() && card.expMonth < today.getUTCMonth() + 1)
      ) {
        return fail(c, { status: 402, type: 'card_error', code: 'expired_card', message: 'Your card has expired.' })
      }
      const behaviour = behaviourOf(card.number)
      if (behaviour.kind === 'fail')
        return fail(c, {
          status: 500,
          type: 'api_error',
          code: 'processing_error',
          message: 'An error occurred while processing your card.',
        })
      if (behaviour.kind === 'decline')
        return fail(c, { status: 402, type: 'card_error', code: behaviour.code, message: behaviour.message })
      const at = now().toISOString()
      const payment: Payment = {
        id: `pay_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`,
        status: capture ? 'captured' : 'authorized',
        amount,
        currency,
        reference: reference ?? null,
        card: {
          brand: brandOf(card.number),
          last4: card.number.slice(-4),
          expMonth: card.expMonth,
          expYear: card.expYear,
        },
        refundedAmount: 0,
        createdAt: at,
        updatedAt: at,
      }
      if (behaviour.kind === 'slow') {
        // visible as `processing` while it takes its time: a caller that gave up can find it by reference
        store.save({ ...payment, status: 'processing' })
        await sleep(slowMs)
      }
      return c.json(store.save(payment), 201)
    }),
  )

  app.get('/v1/payments', (c) => {
    const reference = c.req.query('reference')
    if (!reference) return fail(c, invalid('reference: required'))
    return c.json({ data: store.byReference(reference) })
  })
  app.get('/v1/payments/:id', (c) => {
    const payment = find(c)
    return payment ? c.json(payment) : missing(c)
  })

  /**
   * An authorized payment moved on (captured or voided), once per idempotency key: the same
   * move again answers the payment as it is; from any other state it is a 409.
   */
  const settle = (scope: string, to: 'captured' | 'voided', refused: (status: string) => string) => (c: Context) =>
    once(c, `${scope}:${c.req.param('id')}`, async () => {
      const payment = find(c)
      if (!payment) return missing(c)
      if (payment.status === to) return c.json(payment)
      if (payment.status !== 'authorized')
        return fail(c, {
          status: 409,
          type: 'invalid_request_error',
          code: 'payment_unexpected_state',
          message: refused(payment.status),
        })
      return c.json(change(payment, { status: to }))
    })

  app.post(
    '/v1/payments/:id/capture',
    settle('capture', 'captured', (status) => `This payment is ${status}; it cannot be captured.`),
  )
  app.post(
    '/v1/payments/:id/void',
    settle(
      'void',
      'voided',
      (status) => `This payment is ${status}; only an authorized payment can be voided (refund a captured one).`,
    ),
  )

  app.post('/v1/payments/:id/refunds', (c) =>
    once(c, `refund:${c.req.param('id')}`, async (raw) => {
      const parsed = refundBody.safeParse(raw)
      if (!parsed.success) return fail(c, invalid('amount: a positive integer'))
      const payment = find(c)
      if (!payment) return missing(c)
      if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
        return fail(c, {
          status: 409,
          type: 'invalid_request_error',
          code: 'payment_unexpected_state',
          message: `This payment is ${payment.status}; only a captured payment can be refunded.`,
        })
      }
      const left = payment.amount - payment.refundedAmount
      const amount = parsed.data.amount ?? left
      if (amount > left) return fail(c, invalid(`amount: at most ${left} can still be refunded`))
      const refundedAmount = payment.refundedAmount + amount
      return c.json(
        change(payment, {
          refundedAmount,
          status: refundedAmount === payment.amount ? 'refunded' : 'partially_refunded',
        }),
      )
    }),
  )
  return app
}
