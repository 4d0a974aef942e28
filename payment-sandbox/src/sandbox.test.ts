import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSandboxApp } from './app.ts'
import { createPaymentStore } from './store.ts'

const dir = mkdtempSync(join(tmpdir(), 'sandbox-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'payments.jsonl')
const apiKey = 'sk_test_unit'
const app = createSandboxApp({
  apiKey,
  store: createPaymentStore(file),
  slowMs: 300,
  now: () => new Date('2026-11-22T10:00:00Z'),
})
const card = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  ...extra,
})
const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  target = app,
) => {
  const res = await target.request(path, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any, replayed: res.headers.get('idempotent-replayed') }
}
const pay = (number: string, key: string = crypto.randomUUID(), extra: Record<string, unknown> = {}) =>
  call(
    'POST',
    '/v1/payments',
    { amount: 2500, currency: 'USD', reference: 'order-1', card: card(number), ...extra },
    { 'idempotency-key': key },
  )

describe('the sandbox payment provider', () => {
  it('When 4242... is authorized and captured, then the payment is captured; the card is kept only as brand and last four', async () => {
    const created = await pay('4242424242424242')
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      status: 'authorized',
      amount: 2500,
      currency: 'USD',
      card: { brand: 'visa', last4: '4242' },
    })
    expect(JSON.stringify(created.body)).not.toContain('424242424242')
    expect((await call('POST', `/v1/payments/${created.body.id}/capture`)).body.status).toBe('captured')
    expect((await call('GET', `/v1/payments/${created.body.id}`)).body.status).toBe('captured')
  })

  it('When the test cards are charged, then they decline, lack funds, fail with a 500, or answer slowly', async () => {
    expect(await pay('4000000000000002')).toMatchObject({
      status: 402,
      body: { error: { type: 'card_error', code: 'card_declined' } },
    })
    expect(await pay('4000000000009995')).toMatchObject({
      status: 402,
      body: { error: { code: 'insufficient_funds' } },
    })
    expect(await pay('4000000000000119')).toMatchObject({ status: 500, body: { error: { type: 'api_error' } } })
    const started = Date.now()
    const slow = pay('4000000000006975', undefined, { reference: 'order-slow' })
    await new Promise((r) => setTimeout(r, 50))
    const [processing] = (await call('GET', '/v1/payments?reference=order-slow')).body.data
    expect(processing.status).toBe('processing')
    expect((await call('POST', `/v1/payments/${processing.id}/void`)).status).toBe(409)
    expect((await slow).body).toMatchObject({ id: processing.id, status: 'authorized' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(await pay('4242424242424241')).toMatchObject({ status: 402, body: { error: { code: 'incorrect_number' } } })
    expect(
      (
        await call('POST', '/v1/payments', {
          amount: 1,
          currency: 'USD',
          card: card('4242424242424242', { expYear: 2025 }),
        })
      ).body.error.code,
    ).toBe('expired_card')
  })

  it('When a request is repeated with its Idempotency-Key, then the first answer comes back and nothing is charged twice; other parameters are refused', async () => {
    const first = await pay('4242424242424242', 'key-1')
    const again = await pay('4242424242424242', 'key-1')
    expect(again).toMatchObject({ status: 201, body: first.body, replayed: 'true' })
    expect(
      (await call('GET', '/v1/payments?reference=order-1')).body.data.filter((p: any) => p.id === first.body.id),
    ).toHaveLength(1)
    expect((await pay('4242424242424242', 'key-1', { amount: 9999 })).status).toBe(422)
    const declined = await pay('4000000000000002', 'key-2')
    expect(await pay('4000000000000002', 'key-2')).toMatchObject({ status: 402, body: declined.body, replayed: 'true' })
  })

  it('When payments are voided and refunded, then only the allowed moves happen', async () => {
    const authorized = (await pay('4242424242424242')).body
    expect((await call('POST', `/v1/payments/${authorized.id}/refunds`, {})).status).toBe(409)
    expect((await call('POST', `/v1/payments/${authorized.id}/void`)).body.status).toBe('voided')
    expect((await call('POST', `/v1/payments/${authorized.id}/capture`)).status).toBe(409)
    const captured = (await pay('4242424242424242', undefined, { capture: true })).body
    expect(captured.status).toBe('captured')
    expect((await call('POST', `/v1/payments/${captured.id}/void`)).status).toBe(409)
    expect((await call('POST', `/v1/payments/${captured.id}/refunds`, { amount: 500 })).body).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 500,
    })
    const rest = await call('POST', `/v1/payments/${captured.id}/refunds`, {}, { 'idempotency-key': 'refund-rest' })
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: 2500 })
    expect(
      (await call('POST', `/v1/payments/${captured.id}/refunds`, {}, { 'idempotency-key': 'refund-rest' })).replayed,
    ).toBe('true')
    expect((await call('POST', `/v1/payments/${captured.id}/refunds`, { amount: 1 })).status).toBe(409)
  })

  it('When the key is wrong or the body is bad, then 401 and 400, never a 500', async () => {
    expect((await call('GET', '/v1/payments/x', undefined, { authorization: 'Bearer nope' })).status).toBe(401)
    expect(
      (
        await app.request('/v1/payments', {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}` },
          body: '{oops',
        })
      ).status,
    ).toBe(400)
    for (const body of [
      {},
      { amount: -1, currency: 'USD', card: card('4242424242424242') },
      { amount: 1, currency: 'usd', card: card('4242') },
    ]) {
      expect((await call('POST', '/v1/payments', body)).status).toBe(400)
    }
    expect((await call('GET', '/v1/payments/pay_missing')).status).toBe(404)
  })

  it('When the sandbox restarts on its data file, then it still knows every payment and every answer', async () => {
    const payment = (await pay('4242424242424242', 'key-restart')).body
    const restarted = createSandboxApp({ apiKey, store: createPaymentStore(file) })
    const res = await restarted.request(`/v1/payments/${payment.id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    })
    expect(((await res.json()) as any).id).toBe(payment.id)
    expect((await pay('4242424242424242', 'key-restart')).body.id).toBe(payment.id)
    expect(
      (
        await call(
          'POST',
          '/v1/payments',
          { amount: 2500, currency: 'USD', reference: 'order-1', card: card('4242424242424242') },
          { 'idempotency-key': 'key-restart' },
          restarted,
        )
      ).body.id,
    ).toBe(payment.id)
  })
})
