import * as z from 'zod'
import {
  AppError,
  currentRequestId,
  currentTrace,
  endClientSpan,
  type Breakers,
  startSpan,
  traceparentOf,
} from '@shopfront/kit'

export interface Card {
  cardNumber: string
  expMonth: number
  expYear: number
  cvc: string
}

export interface Payment {
  id: string
  status: string
  amount: number
  card: { brand: string; last4: string }
}

/**
 * What sales needs of a payment provider. Every call is idempotent per order, so a
 * repeat (a retry, a recovery after a crash) never charges or refunds twice. A declined
 * card is an AppError `payment_required` with the provider's `reason`; a provider that
 * cannot answer is `unavailable` or `timeout`.
 */
export interface PaymentProvider {
  authorize(orderId: string, amount: number, currency: string, card: Card): Promise<Payment>
  capture(orderId: string, paymentId: string): Promise<Payment>
  /** All that is left of a payment back; with `part`, only its amount, once per its key. */
  refund(orderId: string, paymentId: string, part?: { amount: number; key: string }): Promise<Payment>
  /** Undoes whatever was paid for the order (voids an authorization, refunds a capture); false while a payment is still being processed. */
  undo(orderId: string): Promise<boolean>
}

const payment = z.object({
  id: z.string(),
  status: z.string(),
  amount: z.number(),
  card: z.object({ brand: z.string(), last4: z.string() }),
})
const providerError = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) })

/**
 * The sandbox's API (any provider speaking it will do) over HTTP, inside opossum
 * breakers (one for charges, one for voids, refunds and look-ups) with a timeout: a provider that fails or hangs opens it, and checkouts get a
 * clear "payment provider unavailable" at once instead of waiting. Declines are answers,
 * not faults: they do not count against the breaker.
 */
export function paymentsOverHttp({
  url,
  apiKey,
  timeoutMs,
  breakers,
}: {
  url: () => string
  apiKey: () => string
  timeoutMs: () => number
  breakers: Breakers
}): PaymentProvider {
  const send = async (method: string, path: string, body: unknown, idempotencyKey?: string): Promise<unknown> => {
    const timeout = timeoutMs()
    const signal = AbortSignal.timeout(timeout)
    const target = url().replace(/\/$/, '') + path
    // the checkout's request id and trace, so the provider's log and ours can be matched
    const requestId = currentRequestId()
    const span = startSpan('client', `${method} payment provider`, currentTrace(), {
      'http.request.method': method,
      'url.full': target,
    })
    let res: Response
    try {
      res = await fetch(target, {
        method,
        signal,
        headers: {
          authorization: `Bearer ${apiKey()}`,
          'content-type': 'application/json',
          traceparent: traceparentOf(span.trace),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (err) {
      endClientSpan(span, { failure: signal.aborted ? 'timeout' : 'unavailable' })
      if (signal.aborted)
        throw new AppError('timeout', `The payment provider did not answer within ${timeout} ms.`, { cause: err })
      throw new AppError('unavailable', 'The payment provider cannot be reached.', { cause: err })
    }
    endClientSpan(span, { status: res.status })
    const answer = await res.json().catch(() => undefined)
    if (res.ok) return answer
    const error = providerError.safeParse(answer).data?.error
    if (res.status === 402)
      throw new AppError('payment_required', error?.message ?? 'The card was declined.', {
        reason: error?.code ?? 'card_declined',
      })
    if (res.status >= 500 || res.status === 429)
      throw new AppError('unavailable', 'The payment provider is unavailable.', { internal: { status: res.status } })
    if (res.status === 409)
      throw new AppError('conflict', error?.message ?? 'The payment provider refused the change.', {
        internal: { code: error?.code },
      })
    throw new AppError('bad_gateway', `The payment provider refused the request: ${error?.message ?? res.status}`)
  }
  // charging and giving money back trip separately: a failing charge endpoint must not keep refunds from going out
  const answersAreNotFaults = { errorFilter: (err: unknown) => err instanceof AppError && err.status < 500 }
  const charges = breakers.get('payments', send, answersAreNotFaults)
  const undos = breakers.get('payments-undo', send, answersAreNotFaults)
  const call = async (method: string, path: string, body?: unknown, idempotencyKey?: string) => {
    const breaker = method === 'POST' && (path === '/v1/payments' || path.endsWith('/capture')) ? charges : undos
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await breaker.fire(method, path, body, idempotencyKey)
        } catch (err) {
          // the same key is being processed right now (a concurrent repeat): its answer is coming
          if (!(err instanceof AppError && err.internal.code === 'request_in_progress' && attempt < 20)) throw err
          await new Promise((r) => setTimeout(r, 100))
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err
      if ((err as { code?: string }).code === 'EOPENBREAKER')
        throw new AppError('unavailable', 'The payment provider is failing; payments are paused for a moment.', {
          retryAfter: 5,
        })
      throw err
    }
  }
  const asPayment = (answer: unknown) => payment.parse(answer)

  return {
    async authorize(orderId, amount, currency, card) {
      const body = {
        amount,
        currency,
        reference: orderId,
        capture: false,
        card: { number: card.cardNumber, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc },
      }
      return asPayment(await call('POST', '/v1/payments', body, `${orderId}:authorize`))
    },
    capture: async (orderId, paymentId) =>
      asPayment(await call('POST', `/v1/payments/${paymentId}/capture`, {}, `${orderId}:capture`)),
    refund: async (orderId, paymentId, part) =>
      asPayment(
        part
          ? await call(
              'POST',
              `/v1/payments/${paymentId}/refunds`,
              { amount: part.amount },
              `${orderId}:refund:${part.key}`,
            )
          : await call('POST', `/v1/payments/${paymentId}/refunds`, {}, `${orderId}:refund`),
      ),
    async undo(orderId) {
      const { data } = z
        .object({ data: z.array(payment) })
        .parse(await call('GET', `/v1/payments?reference=${encodeURIComponent(orderId)}`))
      let settled = true
      for (const p of data) {
        if (p.status === 'processing') settled = false
        if (p.status === 'authorized') await call('POST', `/v1/payments/${p.id}/void`, {}, `${orderId}:void:${p.id}`)
        if (p.status === 'captured' || p.status === 'partially_refunded')
          await call('POST', `/v1/payments/${p.id}/refunds`, {}, `${orderId}:refund`)
      }
      return settled
    },
  }
}
