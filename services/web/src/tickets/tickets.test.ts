import { describe, expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()

describe('my tickets', () => {
  const orderOf = web.orderIn
  const { signedIn } = web
  /** A return of all of an order asked for on the new-ticket form (its numbers left as they are). */
  const askReturn = (browser: Awaited<ReturnType<typeof signedIn>>, orderId: string, message: string) =>
    browser.post('/tickets', { type: 'return', orderId, itemsOf: orderId, subject: 'Return', message })

  it('When a delivered order is returned, then the order page offers it, the ticket opens with the message, and a reply joins the conversation', async () => {
    const browser = await signedIn()
    const order = orderOf('delivered')
    const orderPage = await (await browser.get(`/orders/${order.id}`)).text()
    expect(orderPage).toContain(`href="/tickets/new?type=return&amp;orderId=${order.id}"`)
    // the shop's return window (shop.returnWindowDays, 14 here): until when, and in the footer of every page
    const until = new Date(Date.parse(order.history?.[0]?.at ?? '') + 14 * 86_400_000).toISOString()
    expect(orderPage).toContain(`Returns are free until <time datetime="${until}">`)
    expect(orderPage).toContain('Shopfront · prices in US dollars · free returns within 14 days')
    const form = await (await browser.get(`/tickets/new?type=return&orderId=${order.id}`)).text()
    expect(form).toContain('<h1>Return items</h1>')
    expect(form).toContain('We offer free returns within 14 days of delivery.')
    // the order as the shopper reads it on the orders page, not the service's word for its status
    expect(form).toMatch(new RegExp(`<option value="${order.id}" selected="">${order.number} · [^<]+ · Delivered<`))

    const opened = await askReturn(browser, order.id, 'The beans are too dark for me.')
    expect(opened.status).toBe(303)
    const ticketUrl = browser.redirectOf(opened)
    const page = await (await browser.get(ticketUrl)).text()
    expect(page).toMatch(/Ticket T-\d+ is open/)
    expect(page).toContain('The beans are too dark for me.')
    expect(page).toContain(`Order ${order.number}`)
    expect(page).not.toContain('How did we do?')

    const path = ticketUrl.split('?')[0]
    expect((await browser.post(`${path}/messages`, { body: 'Shall I send it by post?' })).status).toBe(303)
    expect(await (await browser.get(path)).text()).toContain('Shall I send it by post?')
    const empty = await browser.post(`${path}/messages`, { body: '   ' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('write your message')
    expect(await (await browser.get('/tickets')).text()).toContain('A return: Return')
  })

  it('When the return window of a delivered order has closed, then its page says when and offers no return, only a question', async () => {
    const browser = await signedIn()
    const order = orderOf('delivered')
    const deliveredAt = new Date(Date.now() - 15 * 86_400_000).toISOString()
    order.history = [{ status: 'delivered', note: null, at: deliveredAt }]
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    const ended = new Date(Date.parse(deliveredAt) + 14 * 86_400_000).toISOString()
    expect(page).toContain(`The time for returns ended <time datetime="${ended}">`)
    expect(page).not.toContain('type=return')
    expect(page).toContain(`href="/tickets/new?orderId=${order.id}"`)
    // the return form, reached anyway, says so before anything is written, and asks for no items
    const form = await (await browser.get(`/tickets/new?type=return&orderId=${order.id}`)).text()
    expect(form).toContain(`The time for returns of order ${order.number} has ended.`)
    expect(form).not.toContain('What do you send back')
  })

  it('When a return is asked for an order not delivered, then the form says why and no ticket is opened', async () => {
    const browser = await signedIn()
    const order = orderOf('paid')
    const before = web.tickets.length
    const refused = await askReturn(browser, order.id, 'Changed my mind.')
    expect(refused.status).toBe(422)
    const page = await refused.text()
    expect(page).toContain('only delivered orders can be returned')
    expect(page).toContain('Changed my mind.')
    const bad = await browser.post('/tickets', { type: 'wish', orderId: 'x', subject: '', message: '' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('choose what it is about')
    expect(web.tickets.length).toBe(before)
  })

  it('When a ticket is resolved, then the customer rates it once; before that, the page offers no rating', async () => {
    const browser = await signedIn()
    const opened = await browser.post('/tickets', {
      type: 'feedback',
      orderId: '',
      subject: 'Lovely',
      message: 'Fast!',
    })
    const path = browser.redirectOf(opened).split('?')[0]
    const early = await browser.post(`${path}/rating`, { score: '5' })
    expect(early.status).toBe(409)
    expect(await early.text()).toContain('rate it once it is resolved')
    web.tickets[0].status = 'resolved'
    expect(await (await browser.get(path)).text()).toContain('How did we do?')
    expect((await browser.post(`${path}/rating`, { score: '9' })).status).toBe(400)
    expect((await browser.post(`${path}/rating`, { score: '5', comment: 'Thanks' })).status).toBe(303)
    const rated = await (await browser.get(path)).text()
    expect(rated).toContain('You rated this 5 of 5: “Thanks”')
    expect(rated).not.toContain('How did we do?')
  })

  it('When support has closed a settled ticket on its own, then the page says so and the customer can still rate it', async () => {
    const browser = await signedIn()
    const opened = await browser.post('/tickets', { type: 'inquiry', orderId: '', subject: 'Mugs', message: 'Sets?' })
    const path = browser.redirectOf(opened).split('?')[0]
    const ticket = present(
      web.tickets.find((t) => path.endsWith(t.id)),
      'the ticket just opened',
    )
    ticket.status = 'closed'
    const detail = 'resolved -> closed (no reply in 7 days)'
    ticket.history?.push({ kind: 'status', detail, actor: 'support', at: new Date().toISOString() })
    const page = await (await browser.get(path)).text()
    expect(page).toContain('This ticket is closed.')
    expect(page).toContain('Closed: no reply in 7 days')
    expect(page).toContain('How did we do?')
    expect((await browser.post(`${path}/rating`, { score: '4' })).status).toBe(303)
    expect(await (await browser.get(path)).text()).toContain('You rated this 4 of 5.')
  })

  it('When support has moved a ticket, then its history says so in the customer’s words', async () => {
    const browser = await signedIn()
    const opened = await browser.post('/tickets', { type: 'inquiry', orderId: '', subject: 'Kettle', message: 'Blue?' })
    const path = browser.redirectOf(opened).split('?')[0]
    const ticket = web.tickets.find((t) => path.endsWith(t.id))
    const at = new Date().toISOString()
    ticket?.history?.push(
      { kind: 'status', detail: 'open -> in_progress (agent replied)', actor: 'agent-1', at },
      { kind: 'status', detail: 'in_progress -> resolved', actor: 'agent-1', at },
      { kind: 'status', detail: 'resolved -> in_progress (customer replied)', actor: 'ann', at },
    )
    const page = await (await browser.get(path)).text()
    expect(page).toContain('We are on it: we answered')
    expect(page).toContain('We are on it: you wrote again')
  })

  it('When support is down, then the tickets page is a friendly 503 and a visitor is sent to sign in', async () => {
    expect((await web.browser().get('/tickets')).headers.get('location')).toBe('/signin?next=%2Ftickets')
    const browser = await signedIn()
    await web.whileDown('support', async () => {
      const res = await browser.get('/tickets')
      expect(res.status).toBe(503)
      expect(res.headers.get('content-type')).toContain('text/html')
    })
  })

  it('When support cannot take a new ticket now, then the form says why with a 503 and keeps what was typed', async () => {
    const browser = await signedIn()
    await web.whileDown('support', async () => {
      const form = { type: 'inquiry', orderId: '', subject: 'Where is it?', message: 'My parcel.' }
      const res = await browser.post('/tickets', form)
      expect(res.status).toBe(503)
      const page = await res.text()
      expect(page).toContain('support cannot be reached.')
      expect(page).toContain('value="Where is it?"')
      expect(page).toContain('My parcel.')
    })
  })
})
