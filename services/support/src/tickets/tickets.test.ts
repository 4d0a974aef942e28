import { describe, expect, it } from 'vitest'
import { documentedAnswers, present } from '@shopfront/kit/testing'
import { ticket as ticketContract, ticketPage } from '../contract.ts'
import { openApiDocument } from '../openapi.ts'
import { startSupport } from '../testing.ts'

const { send, fake, token, customer, open } = await startSupport()
/** Checks an answer against the OpenAPI document's schema for it (a JSON Schema validator). */
const documented = await documentedAnswers(openApiDocument)
const agent = await token('agent-1', ['support'])

describe('the contract', () => {
  it('When a ticket is opened, read, answered and listed, then every answer is what the contract (and so the OpenAPI document and the web app) says', async () => {
    const ann = await customer()
    const opened = await open(ann.auth, {})
    expect(ticketContract.strict().safeParse(opened.body).error).toBeUndefined()
    await send('POST', `/api/tickets/${opened.body.id}/messages`, { auth: agent, body: { body: 'On its way.' } })
    const read = await send('GET', `/api/tickets/${opened.body.id}`, { auth: ann.auth })
    expect(ticketContract.strict().safeParse(read.body).error).toBeUndefined()
    expect(read.body.history.length).toBeGreaterThan(0)
    const list = await send('GET', '/api/tickets', { auth: ann.auth })
    expect(ticketPage.safeParse(list.body).error).toBeUndefined()
    // and what the OpenAPI document states, checked by a JSON Schema validator
    expect(documented('post', '/api/tickets', 201, opened.body)).toEqual([])
    expect(documented('get', '/api/tickets/{id}', 200, read.body)).toEqual([])
    expect(documented('get', '/api/tickets', 200, list.body)).toEqual([])
  })
})

describe('opening tickets', () => {
  it('When a return names the order by its number (SF-1001), then the ticket holds the order itself', async () => {
    const ann = await customer()
    fake.person(ann.id)
    const orderId = fake.order(ann.id)
    const number = present(fake.orders.get(orderId), 'the order').number
    const res = await open(ann.auth, { type: 'return', subject: 'Return it', orderId: number.toLowerCase() })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ orderId, orderNumber: number })
  })

  it('When a customer opens a ticket, then it is open with their first message, a priority from its type and a first-response deadline', async () => {
    const ann = await customer()
    const res = await open(ann.auth, {
      type: 'complaint',
      subject: 'Broken on arrival',
      message: 'The shade was cracked.',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      number: expect.stringMatching(/^T-\d+$/),
      type: 'complaint',
      status: 'open',
      priority: 'high',
      assigneeId: null,
      overdue: false,
      rating: null,
    })
    expect(res.body.messages).toEqual([
      expect.objectContaining({ authorId: ann.id, authorRole: 'customer', body: 'The shade was cracked.' }),
    ])
    const due = Date.parse(res.body.firstResponseDueAt) - Date.parse(res.body.createdAt)
    expect(Math.round(due / 3_600_000)).toBe(4)
  })

  it("When a ticket names an order, then it must be the customer's own; a return needs a delivered order within the window", async () => {
    const ann = await customer()
    const bob = await customer()
    const delivered = fake.order(ann.id)
    expect((await open(ann.auth, { type: 'return', orderId: delivered })).body).toMatchObject({
      orderId: delivered,
      orderNumber: expect.stringMatching(/^SF-/),
    })
    const detail = async (auth: string, body: Record<string, unknown>) => {
      const res = await open(auth, body)
      expect(res.status).toBe(422)
      return res.body.detail
    }
    expect(await detail(bob.auth, { orderId: delivered })).toBe('No such order of yours.')
    expect(await detail(ann.auth, { orderId: crypto.randomUUID() })).toBe('No such order of yours.')
    expect(await detail(ann.auth, { type: 'return', orderId: fake.order(ann.id, 'shipped') })).toMatch(
      /is shipped; a return needs a delivered order/,
    )
    // the shop's return window (shop.returnWindowDays, 14 here): a day past it is too late, a day within it is not
    expect(await detail(ann.auth, { type: 'return', orderId: fake.order(ann.id, 'delivered', 15) })).toMatch(
      /more than 14 days ago/,
    )
    expect((await open(ann.auth, { type: 'return', orderId: fake.order(ann.id, 'delivered', 13) })).status).toBe(201)
    expect((await open(ann.auth, { type: 'complaint', orderId: fake.order(ann.id, 'shipped') })).status).toBe(201)
  })

  it('When sales is down, then a ticket without an order still opens, and one with an order is a clear retryable 503 that creates nothing', async () => {
    const ann = await customer()
    const orderId = fake.order(ann.id)
    await fake.whileDown('sales', async () => {
      expect((await open(ann.auth, {})).status).toBe(201)
      const res = await open(ann.auth, { type: 'return', orderId })
      expect(res).toMatchObject({ status: 503, body: { retryable: true } })
      expect(res.body.detail).toMatch(/a ticket without an order works/)
    })
    expect((await send('GET', '/api/tickets', { auth: ann.auth })).body.total).toBe(1)
  })

  it('When the input is bad, then a 400 with the fields, and nothing is created', async () => {
    const ann = await customer()
    for (const body of [
      { type: 'praise' },
      { subject: 'x' },
      { message: '' },
      { orderId: 'not-a-uuid' },
      { status: 'closed' },
    ]) {
      const res = await open(ann.auth, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.errors.length).toBeGreaterThan(0)
    }
    expect((await send('POST', '/api/tickets', { auth: ann.auth, body: '{"type":' })).status).toBe(400)
    expect(
      (await send('POST', '/api/tickets', { body: { type: 'inquiry', subject: 'abc', message: 'x' } })).status,
    ).toBe(401)
    expect((await send('GET', '/api/tickets', { auth: ann.auth })).body.total).toBe(0)
  })
})

describe('who may do what', () => {
  it("When customer B tries customer A's ticket, then it does not exist for B: no reading, no replying, no rating", async () => {
    const a = await customer()
    const b = await customer()
    const ticket = (await open(a.auth, {})).body
    expect((await send('GET', `/api/tickets/${ticket.id}`, { auth: b.auth })).status).toBe(404)
    expect(
      (await send('POST', `/api/tickets/${ticket.id}/messages`, { auth: b.auth, body: { body: 'me too' } })).status,
    ).toBe(404)
    expect((await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: b.auth, body: { score: 1 } })).status).toBe(
      404,
    )
    expect((await send('GET', '/api/tickets', { auth: b.auth })).body.items.map((t: any) => t.id)).not.toContain(
      ticket.id,
    )
    expect((await send('GET', `/api/tickets/${ticket.id}/messages`, { auth: a.auth })).status).toBe(404)
  })

  it('When a customer tries to assign, change a status or approve a return, then 403; filtering the queue by assignee is for staff', async () => {
    const a = await customer()
    const ticket = (await open(a.auth, { type: 'return', orderId: fake.order(a.id) })).body
    expect(
      (await send('PATCH', `/api/tickets/${ticket.id}`, { auth: a.auth, body: { status: 'resolved' } })).status,
    ).toBe(403)
    expect(
      (await send('PATCH', `/api/tickets/${ticket.id}`, { auth: a.auth, body: { assigneeId: a.id } })).status,
    ).toBe(403)
    expect((await send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: a.auth })).status).toBe(403)
    expect((await send('GET', '/api/tickets?assignee=me', { auth: a.auth })).status).toBe(403)
    expect(fake.refunds).not.toContain(ticket.orderId)
  })
})

describe('bad input', () => {
  it('When the queue is asked with NUL, a page past its range or a negative limit, or a ticket is opened with NUL, then each is a 400', async () => {
    for (const query of ['status=%00', 'page=1e20', 'limit=-1', 'assignee=%00'])
      expect((await send('GET', `/api/tickets?${query}`, { auth: agent })).status, query).toBe(400)
    expect((await open((await customer()).auth, { subject: 'a\u0000b' })).status).toBe(400)
  })
})
