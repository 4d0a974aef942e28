import { describe, expect, it } from 'vitest'
import { documentedAnswers, present } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startSupport } from '../testing.ts'

const { send, fake, token, outbox, customer, open } = await startSupport()
const documented = await documentedAnswers(openApiDocument)
const agent = await token('agent-1', ['support'])

describe('a return of some items of an order', () => {
  it('When a customer returns some of an order, then the ticket names them; approving refunds those only, once, and says which', async () => {
    const a = await customer()
    const orderId = fake.order(a.id, 'delivered', 2, 3)
    const order = present(fake.orders.get(orderId), 'the order')
    const productId = order.items[0]?.productId
    const opened = await open(a.auth, { type: 'return', orderId, items: [{ productId, quantity: 2 }] })
    expect(opened.status).toBe(201)
    expect(opened.body.items).toEqual([{ productId, name: 'Moka Pot', quantity: 2 }])
    expect(documented('post', '/api/tickets', 201, opened.body)).toEqual([])
    const approve = () => send('POST', `/api/tickets/${opened.body.id}/approve-return`, { auth: agent })
    expect((await approve()).body).toMatchObject({ status: 'resolved', resolution: 'return_approved' })
    await approve()
    expect(fake.refunds.filter((id) => id === orderId)).toHaveLength(1)
    expect(order).toMatchObject({ status: 'delivered', items: [{ quantity: 3, returned: 2 }] })
    const [mail] = await outbox(a.email)
    expect(mail.text_body).toContain(
      `Your return of 2 × Moka Pot from order ${order.number} was approved and refunded.`,
    )

    // the one left can still be returned, not two; a whole-order return takes what is still out
    const tooMany = await open(a.auth, { type: 'return', orderId, items: [{ productId, quantity: 2 }] })
    expect([tooMany.status, tooMany.body.errors?.[0]?.path]).toEqual([422, 'items'])
    const rest = (await open(a.auth, { type: 'return', orderId })).body
    expect(rest.items).toBeNull()
    await send('POST', `/api/tickets/${rest.id}/approve-return`, { auth: agent })
    expect(order).toMatchObject({ status: 'refunded', items: [{ returned: 3 }] })
  })

  it('When a return names what the order did not have, or items go on a ticket that is no return, then it is refused and nothing opens', async () => {
    const a = await customer()
    const orderId = fake.order(a.id)
    const stranger = await open(a.auth, {
      type: 'return',
      orderId,
      items: [{ productId: crypto.randomUUID(), quantity: 1 }],
    })
    expect([stranger.status, stranger.body.errors?.[0]?.path]).toEqual([422, 'items'])
    const productId = fake.orders.get(orderId)?.items[0]?.productId
    for (const body of [
      { type: 'inquiry', orderId, items: [{ productId, quantity: 1 }] },
      { type: 'return', items: [{ productId, quantity: 1 }] },
      { type: 'return', orderId, items: [] },
      { type: 'return', orderId, items: [{ productId, quantity: 0 }] },
    ])
      expect((await open(a.auth, body)).status, JSON.stringify(body)).toBe(400)
    expect((await send('GET', '/api/tickets', { auth: a.auth })).body.total).toBe(0)
  })
})
