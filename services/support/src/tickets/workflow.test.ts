import { describe, expect, it } from 'vitest'
import { documentedAnswers, present, readMetric } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startSupport } from '../testing.ts'

const { send, fake, token, outbox, sql, customer, open, made } = await startSupport()
/** Checks an answer against the OpenAPI document's schema for it (a JSON Schema validator). */
const documented = await documentedAnswers(openApiDocument)
const agent = await token('agent-1', ['support'])
const admin = await token('admin-1', ['admin'])

describe('the queue and the workflow', () => {
  it('When agents work the queue, then they filter by status, type, assignee, unassigned and overdue, and overdue tickets are flagged', async () => {
    const a = await customer()
    const late = (await open(a.auth, { type: 'feedback', subject: 'Late one' })).body
    await sql`update tickets set first_response_due_at = now() - interval '1 minute' where id = ${late.id}`
    const fresh = (await open(a.auth, { type: 'inquiry', subject: 'Fresh one' })).body
    expect(
      (await send('PATCH', `/api/tickets/${fresh.id}`, { auth: agent, body: { assigneeId: 'agent-1' } })).body
        .assigneeId,
    ).toBe('agent-1')
    const ids = async (query: string) =>
      (await send('GET', `/api/tickets?limit=100&${query}`, { auth: agent })).body.items.map((t: any) => t.id)
    expect(await ids('overdue=true')).toContain(late.id)
    expect(await ids('overdue=true')).not.toContain(fresh.id)
    expect(await ids('assignee=me')).toEqual([fresh.id])
    expect(await ids('unassigned=true')).toContain(late.id)
    expect(await ids('unassigned=true')).not.toContain(fresh.id)
    expect(await ids('type=feedback')).toContain(late.id)
    expect(await ids('status=open&type=inquiry')).toContain(fresh.id)
    // one customer's tickets, and by priority (feedback starts low)
    expect((await ids(`userId=${a.id}`)).sort()).toEqual([late.id, fresh.id].sort())
    expect(await ids('priority=low')).toContain(late.id)
    expect(await ids('priority=low')).not.toContain(fresh.id)
    expect((await send('GET', `/api/tickets?userId=${a.id}`, { auth: a.auth })).status).toBe(403)
    expect((await send('GET', `/api/tickets/${late.id}`, { auth: agent })).body.overdue).toBe(true)
    for (const q of ['status=lost', 'overdue=yes', 'limit=500', 'page=0', 'sort=x'])
      expect((await send('GET', `/api/tickets?${q}`, { auth: agent })).status).toBe(400)
  })

  it('When an agent replies, then the customer is e-mailed, the first response is recorded, an open ticket is in progress and an unassigned one theirs', async () => {
    const a = await customer()
    const ticket = (await open(a.auth, {})).body
    const replied = await send('POST', `/api/tickets/${ticket.id}/messages`, {
      auth: agent,
      body: { body: 'It ships tomorrow.' },
    })
    expect(replied.status).toBe(201)
    expect(replied.body).toMatchObject({
      status: 'in_progress',
      firstRespondedAt: expect.any(String),
      overdue: false,
      assigneeId: 'agent-1',
    })
    expect(replied.body.messages.map((m: any) => m.authorRole)).toEqual(['customer', 'agent'])
    const [mail] = await outbox(a.email)
    expect(mail).toMatchObject({ subject: `Re: [${ticket.number}] Where is my lamp?` })
    expect(mail.text_body).toContain('It ships tomorrow.')
    // both parts lead to the ticket's page in the shop, not to the API
    expect(mail.text_body).toContain(`http://shop.test/tickets/${ticket.id}`)
    expect(mail.html_body).toContain(`href="http://shop.test/tickets/${ticket.id}"`)
    expect(mail.html_body).toContain('It ships tomorrow.</blockquote>')
    await send('POST', `/api/tickets/${ticket.id}/messages`, { auth: a.auth, body: { body: 'Thanks!' } })
    expect(await outbox(a.email)).toHaveLength(1)
    // the moves are in the history, once (a second reply, an admin's, moves nothing and keeps the assignee)
    await send('POST', `/api/tickets/${ticket.id}/messages`, { auth: admin, body: { body: 'It has shipped.' } })
    const read = await send('GET', `/api/tickets/${ticket.id}`, { auth: a.auth })
    expect(read.body.assigneeId).toBe('agent-1')
    expect(read.body.history.map((h: any) => [h.kind, h.detail, h.actor])).toEqual([
      ['opened', null, a.id],
      ['changed', '{"assigneeId":"agent-1"}', 'agent-1'],
      ['status', 'open -> in_progress (agent replied)', 'agent-1'],
    ])
  })

  it('When statuses change, then only valid moves happen, each e-mailed; a closed ticket takes no replies', async () => {
    const a = await customer()
    const ticket = (await open(a.auth, {})).body
    const move = (status: string) => send('PATCH', `/api/tickets/${ticket.id}`, { auth: agent, body: { status } })
    expect((await move('in_progress')).body.status).toBe('in_progress')
    expect((await move('resolved')).body.status).toBe('resolved')
    // the problem's status is the HTTP status (RFC 9457); the ticket's is its own member
    const invalid = await move('open')
    expect(invalid.body).toMatchObject({ status: 409, ticketStatus: 'resolved' })
    expect(documented('patch', '/api/tickets/{id}', 409, invalid.body)).toEqual([])
    expect((await move('closed')).body.status).toBe('closed')
    expect((await move('in_progress')).status).toBe(409)
    expect(
      (await send('POST', `/api/tickets/${ticket.id}/messages`, { auth: a.auth, body: { body: 'Hello?' } })).status,
    ).toBe(409)
    expect((await outbox(a.email)).map((m) => m.subject)).toEqual([
      `[${ticket.number}] Your ticket is being worked on`,
      `[${ticket.number}] Your ticket is resolved`,
      `[${ticket.number}] Your ticket is closed`,
    ])
    expect((await send('PATCH', `/api/tickets/${ticket.id}`, { auth: agent, body: {} })).status).toBe(400)
  })

  it('When a ticket is assigned, then only to a support user or admin; a new priority moves the deadline', async () => {
    const a = await customer()
    const ticket = (await open(a.auth, {})).body
    expect((await send('PATCH', `/api/tickets/${ticket.id}`, { auth: admin, body: { assigneeId: a.id } })).status).toBe(
      422,
    )
    expect(
      (await send('PATCH', `/api/tickets/${ticket.id}`, { auth: admin, body: { assigneeId: 'nobody' } })).status,
    ).toBe(422)
    const urgent = (
      await send('PATCH', `/api/tickets/${ticket.id}`, {
        auth: admin,
        body: { assigneeId: 'admin-1', priority: 'urgent' },
      })
    ).body
    expect(urgent).toMatchObject({ assigneeId: 'admin-1', priority: 'urgent' })
    expect(Math.round((Date.parse(urgent.firstResponseDueAt) - Date.parse(urgent.createdAt)) / 3_600_000)).toBe(1)
    expect(
      (await send('PATCH', `/api/tickets/${ticket.id}`, { auth: admin, body: { assigneeId: null } })).body.assigneeId,
    ).toBeNull()
  })
})

describe('closing what is settled', () => {
  it('When a resolved ticket goes a week without a word, then it is closed (in its history, no e-mail) and can still be rated; a newer one or one being worked is not', async () => {
    const a = await customer()
    const [settled, recent, working] = await Promise.all([1, 2, 3].map(async () => (await open(a.auth, {})).body))
    for (const ticket of [settled, recent, working]) {
      await send('PATCH', `/api/tickets/${ticket.id}`, { auth: agent, body: { status: 'in_progress' } })
      if (ticket !== working)
        await send('PATCH', `/api/tickets/${ticket.id}`, { auth: agent, body: { status: 'resolved' } })
    }
    await sql`update tickets set updated_at = now() - interval '8 days' where id in ${sql([settled.id, working.id])}`
    const mailed = (await outbox(a.email)).length

    expect(await made.closer.runNow()).toBeGreaterThanOrEqual(1)
    const read = async (id: string) => (await send('GET', `/api/tickets/${id}`, { auth: a.auth })).body
    const closed = await read(settled.id)
    expect(closed.status).toBe('closed')
    expect(closed.history.at(-1)).toMatchObject({
      kind: 'status',
      detail: 'resolved -> closed (no reply in 7 days)',
      actor: 'support',
    })
    expect([(await read(recent.id)).status, (await read(working.id)).status]).toEqual(['resolved', 'in_progress'])
    expect(await outbox(a.email)).toHaveLength(mailed)
    // closed: no more replies, and the customer still rates it
    const reply = { auth: a.auth, body: { body: 'One more thing' } }
    expect((await send('POST', `/api/tickets/${settled.id}/messages`, reply)).status).toBe(409)
    const rated = await send('POST', `/api/tickets/${settled.id}/rating`, { auth: a.auth, body: { score: 4 } })
    expect(rated.status).toBeLessThan(300)
  })
})

describe('returns and ratings', () => {
  it('When an agent approves a return, then sales refunds the order once, the ticket is resolved and the customer is told; the customer rates it once', async () => {
    const a = await customer()
    const orderId = fake.order(a.id)
    const ticket = (await open(a.auth, { type: 'return', orderId, message: 'Too small.' })).body
    expect((await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: a.auth, body: { score: 5 } })).status).toBe(
      409,
    )
    const approved = await send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: agent })
    expect(approved.body).toMatchObject({ status: 'resolved', resolution: 'return_approved' })
    expect((await send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: agent })).body.status).toBe(
      'resolved',
    )
    expect(fake.refunds.filter((id) => id === orderId)).toHaveLength(1)
    const [mail] = await outbox(a.email)
    expect(mail.text_body).toContain('Your return was approved')
    for (const body of [{ score: 0 }, { score: 6 }, { score: 4.5 }, { score: 3, extra: true }])
      expect((await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: a.auth, body })).status).toBe(400)
    expect((await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: agent, body: { score: 5 } })).status).toBe(
      403,
    )
    expect(
      (await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: a.auth, body: { score: 4, comment: 'Quick.' } }))
        .body.rating,
    ).toMatchObject({ score: 4, comment: 'Quick.' })
    expect((await send('POST', `/api/tickets/${ticket.id}/rating`, { auth: a.auth, body: { score: 5 } })).status).toBe(
      409,
    )
  })

  it('When sales is down, then approving is a retryable 503 and the ticket is unchanged; the approval is finished in the background once sales answers, once', async () => {
    const a = await customer()
    const orderId = fake.order(a.id)
    const ticket = (await open(a.auth, { type: 'return', orderId })).body
    const approve = () => send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: agent })
    const res = await fake.whileDown('sales', approve)
    expect(res).toMatchObject({ status: 503, body: { retryable: true } })
    expect(res.body.detail).toContain('the approval is then finished by itself')
    const unchanged = (await send('GET', `/api/tickets/${ticket.id}`, { auth: agent })).body
    expect(unchanged).toMatchObject({ status: 'open', resolution: null, approvalPending: true })
    expect(await outbox(a.email)).toHaveLength(0)
    // what an alert watches: approvals sales has not confirmed
    const waiting = async () => readMetric((await send('GET', '/metrics')).text, 'support_return_approvals_waiting')
    const before = (await waiting()) ?? 0
    expect(before).toBeGreaterThanOrEqual(1)

    // not yet due; then due while sales is still down: kept; then sales answers
    expect(await made.approvals.runNow()).toBe(0)
    const due = () =>
      sql`update tickets set approval_since = now() - interval '1 minute' where id = ${ticket.id} and approval_since is not null`
    await due()
    expect(await fake.whileDown('sales', () => made.approvals.runNow())).toBe(0)
    await due()
    expect(await made.approvals.runNow()).toBe(1)
    const finished = (await send('GET', `/api/tickets/${ticket.id}`, { auth: agent })).body
    expect(finished).toMatchObject({ status: 'resolved', resolution: 'return_approved', approvalPending: false })
    expect(await waiting()).toBe(before - 1)
    expect(finished.history.at(-1)).toMatchObject({ actor: 'agent-1' })
    expect(fake.refunds.filter((id) => id === orderId)).toHaveLength(1)
    expect(await outbox(a.email)).toHaveLength(1)
    // the agent's own repeat meanwhile changes nothing; nothing is left to repeat
    expect((await approve()).body.status).toBe('resolved')
    await due()
    expect(await made.approvals.runNow()).toBe(0)
  })

  it('When two approvals of a return meet (an agent’s and the background’s), then the customer is told once', async () => {
    const a = await customer()
    const ticket = (await open(a.auth, { type: 'return', orderId: fake.order(a.id) })).body
    const approve = () => send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: agent })
    const both = await Promise.all([approve(), approve()])
    expect(both.map((r) => [r.status, r.body.status])).toEqual([
      [200, 'resolved'],
      [200, 'resolved'],
    ])
    expect(await outbox(a.email)).toHaveLength(1)
  })

  it('When sales refuses an approval (the order cannot be refunded), then nothing is left to repeat', async () => {
    const a = await customer()
    const orderId = fake.order(a.id)
    const ticket = (await open(a.auth, { type: 'return', orderId })).body
    present(fake.orders.get(orderId), 'the order').status = 'cancelled'
    expect((await send('POST', `/api/tickets/${ticket.id}/approve-return`, { auth: agent })).status).toBe(409)
    const [left] = await sql`select approval_by, approval_since from tickets where id = ${ticket.id}`
    expect(left).toEqual({ approval_by: null, approval_since: null })
  })

  it('When the ticket is not a return, or its order is not delivered, then approving is a 409', async () => {
    const a = await customer()
    const inquiry = (await open(a.auth, {})).body
    const notReturn = await send('POST', `/api/tickets/${inquiry.id}/approve-return`, { auth: agent })
    expect(notReturn.status).toBe(409)
    expect(documented('post', '/api/tickets/{id}/approve-return', 409, notReturn.body)).toEqual([])
    const orderId = fake.order(a.id)
    const ret = (await open(a.auth, { type: 'return', orderId })).body
    present(fake.orders.get(orderId), 'the order').status = 'cancelled'
    expect((await send('POST', `/api/tickets/${ret.id}/approve-return`, { auth: agent })).status).toBe(409)
    expect((await send('GET', `/api/tickets/${ret.id}`, { auth: agent })).body.status).toBe('open')
  })
})
