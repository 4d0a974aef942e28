import { afterAll, describe, expect, it } from 'vitest'
import { createBreakers, listen, runWithRequestContext } from '@shopfront/kit'
import { createSandboxApp } from '@shopfront/payment-sandbox'
import { paymentsOverHttp } from './payment-provider.ts'

const apiKey = 'sk_test_provider_unit'
const sandbox = createSandboxApp({ apiKey })
// what reached the provider: the real sandbox, behind a server that notes each request's headers
const heard: Headers[] = []
const server = listen(
  {
    fetch: (req: Request) => {
      heard.push(req.headers)
      return sandbox.fetch(req)
    },
  },
  { port: 0 },
)
afterAll(() => server.stop(true))

const payments = paymentsOverHttp({
  url: () => server.url,
  apiKey: () => apiKey,
  timeoutMs: () => 2000,
  breakers: createBreakers(),
})
const card = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' }

describe('the payment provider over HTTP', () => {
  it("When a checkout pays, then the provider hears the checkout's request id and its trace, the call a span of its own", async () => {
    const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true }
    const paid = await runWithRequestContext({ requestId: 'req-pay', trace }, () =>
      payments.authorize('order-traced', 1999, 'EUR', card),
    )
    expect(paid.amount).toBe(1999)
    const headers = heard.at(-1)
    expect(headers?.get('x-request-id')).toBe('req-pay')
    const [, traceId, parent, flags] = headers?.get('traceparent')?.split('-') ?? []
    expect(traceId).toBe(trace.traceId)
    expect(parent).toMatch(/^[0-9a-f]{16}$/)
    expect(parent).not.toBe(trace.spanId)
    expect(flags).toBe('01')
  })
})
