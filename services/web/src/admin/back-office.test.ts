import { describe, expect, it } from 'vitest'
import { addDays, today } from '@shopfront/kit'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const { signedIn } = web
const admin = await signedIn('admin@example.com')
const agent = await signedIn('agent@example.com')
const orderOf = web.orderIn

describe('who enters the back office', () => {
  it('When a visitor, a customer, an agent and an admin open /admin, then sign-in, a 403 page, and each role’s sections', async () => {
    expect((await web.browser().get('/admin')).headers.get('location')).toBe('/signin?next=%2Fadmin')
    const customer = await signedIn('ann@example.com')
    const refused = await customer.get('/admin/orders')
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('The back office is for the shop’s staff')

    const agentHome = await (await agent.get('/admin')).text()
    expect(agentHome).toContain('Support')
    expect(agentHome).not.toContain('href="/admin/products')
    // low stock leads an agent to the shop's page of the product, an admin to the catalog's
    expect(agentHome).toContain(`<a href="/products/${web.catalog[2].id}">Moka Pot</a>`)
    expect((await agent.get('/admin/products')).status).toBe(403)
    expect((await agent.get('/admin/users')).status).toBe(403)
    expect((await agent.get('/admin/promotions/new')).status).toBe(403)

    const adminHome = await (await admin.get('/admin')).text()
    for (const section of ['/admin/products', '/admin/promotions', '/admin/users'])
      expect(adminHome).toContain(`href="${section}"`)
    expect(adminHome).toContain(`<a href="/admin/products/${web.catalog[2].id}">Moka Pot</a>`)
  })

  it('When staff browse the shop, then its header leads them to the back office; a customer’s does not', async () => {
    for (const staff of [admin, agent])
      expect(await (await staff.get('/')).text()).toContain('href="/admin">Back office')
    const customer = await signedIn('ann@example.com')
    expect(await (await customer.get('/')).text()).not.toContain('href="/admin"')
  })

  it('When the dashboard opens, then it shows today’s orders and revenue, tickets, low stock, the outbox and each service', async () => {
    const [paid, failed] = [orderOf('paid'), orderOf('failed')]
    // a review of what was delivered, not answered yet
    const reviewed = orderOf('delivered').items[0]?.productId
    await (await signedIn('ann@example.com')).post(`/products/${reviewed}/review`, { rating: '4', title: '', body: '' })
    // which another shopper reported
    const reporter = (await web.shop.login(web.newAccount().email, 'correct-horse')).accessToken
    await web.shop.reportReview(reporter, web.reviews.kept.find((r) => r.productId === reviewed)?.id ?? '')
    const page = await (await admin.get('/admin')).text()
    expect(page).toMatch(/Orders today<\/a><span class="figure">\d+<\/span>/)
    // the figure leads to the orders it counts: today's in the shop's time zone, those placed (a failed one is not)
    const day = today('Pacific/Kiritimati')
    const link = `/admin/orders?status=placed&amp;from=${day}&amp;to=${day}`
    expect(page).toContain(`<a href="${link}">Orders today</a>`)
    // the takings lead to the last seven days' report
    expect(page).toContain(`<a href="/admin/reports?from=${addDays(day, -6)}&amp;to=${day}">Revenue today</a>`)
    const placed = await (await admin.get(link.replaceAll('&amp;', '&'))).text()
    expect(placed).toContain('<option value="placed" selected="">Placed (not failed)</option>')
    expect(placed).toContain(paid.number)
    expect(placed).not.toContain(failed.number)
    expect(placed).toContain('days in the shop’s time zone (Pacific/Kiritimati)')
    const period = { from: day, to: day, tz: 'Pacific/Kiritimati' }
    expect(web.office.periods.slice(-2)).toEqual([period, period])
    // the reviews the shop shows that nobody answered, a link to them
    const unanswered = web.reviews.kept.filter((r) => !r.hidden && r.reply === null).length
    expect(unanswered).toBeGreaterThan(0)
    expect(page).toContain(
      `<a href="/admin/reviews?shown=shown&amp;answered=no">Reviews not answered</a><span class="figure">${unanswered}</span>`,
    )
    const reported = web.reviews.kept.filter((r) => r.reports > 0).length
    expect(reported).toBeGreaterThan(0)
    expect(page).toContain(
      `<a href="/admin/reviews?reported=yes">Reviews reported</a><span class="figure down">${reported}</span>`,
    )
    expect(page).toMatch(/E-mails waiting<span class="figure">2<\/span>/)
    expect(page).toContain('users: 0 · sales: 2 · support: 0 · products: 0')
    // orders sales is still finishing: none, then one whose cancellation's money is on its way back
    expect(page).toContain('Unfinished orders<span class="figure">0</span>')
    paid.pendingStatus = 'cancelled'
    try {
      const finishing = await (await admin.get('/admin')).text()
      expect(finishing).toContain('Unfinished orders<span class="figure down">1</span>')
      expect(finishing).toContain('0 checkouts stuck for over 5 minutes · money still on its way back for 1 order.')
    } finally {
      paid.pendingStatus = null
    }
    // low stock: the fake catalog's Ethiopian Beans (3) and Moka Pot (0)
    expect(page).toContain('Ethiopian Beans')
    expect(page).toMatch(/<strong>products<\/strong> <span class="up">up<\/span>/)
  })
})

describe('orders', () => {
  it('When staff type an order’s number in the orders filter, then that order opens; other words filter by e-mail', async () => {
    const order = orderOf('paid')
    const digits = order.number.replace(/^SF-/, '')
    for (const typed of [order.number, order.number.toLowerCase(), digits, ` ${digits} `]) {
      const res = await agent.get(`/admin/orders?email=${encodeURIComponent(typed)}`)
      expect(web.browser().redirectOf(res), typed).toBe(`/admin/orders/${order.number}`)
    }
    expect(await (await agent.follow(await agent.get(`/admin/orders?email=${digits}`))).text()).toContain(
      `<h1>Order ${order.number}</h1>`,
    )
    expect((await agent.get('/admin/orders?email=ann1001')).status).toBe(200)
  })

  it('When an admin ships and delivers an order, then each step says what happened; a wrong step says why nothing changed', async () => {
    const order = orderOf('paid')
    expect(await (await admin.get('/admin/orders')).text()).toContain(order.number)
    const missing = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: '' })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('at least 3 characters')
    const shipped = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-77' })
    expect(shipped.headers.get('location')).toBe(`/admin/orders/${order.id}?done=shipped`)
    const shippedPage = await (await admin.follow(shipped)).text()
    expect(shippedPage).toContain('Marked as shipped')
    // an edited link says nothing, even one naming a property every object has
    const edited = await (await admin.get(`/admin/orders/${order.id}?done=constructor`)).text()
    expect(edited).not.toContain('class="notice ok"')
    expect(shippedPage).toContain('1 Main St, Springfield 12345, United States')
    expect(shippedPage).toContain('Payment: Visa ending in 4242 · reference pay_test')
    const again = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-78' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Nothing changed: Order')
    await admin.post(`/admin/orders/${order.id}/deliver`, {})
    expect(web.office.moves).toEqual(expect.arrayContaining([`${order.number}:shipped`, `${order.number}:delivered`]))
  })

  it('When an order is cancelled, then a page asks first; support reads orders but gets no actions', async () => {
    const order = orderOf('paid')
    const ask = await (await admin.get(`/admin/orders/${order.id}/cancel`)).text()
    expect(ask).toContain(`Cancel order ${order.number}?`)
    expect(ask).toContain('$24.99 goes back to ann@example.com')
    const seen = await (await agent.get(`/admin/orders/${order.id}`)).text()
    expect(seen).toContain(order.number)
    expect(seen).not.toContain('Mark as shipped')
    expect((await agent.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-1' })).status).toBe(403)
    expect((await agent.get(`/admin/orders/${order.id}/cancel`)).status).toBe(403)
    expect(web.office.moves).not.toContain(`${order.number}:shipped`)
  })

  it('When an order is being cancelled (its money perhaps back already), then the back office says so and offers no move', async () => {
    const order = orderOf('paid')
    order.pendingStatus = 'cancelled'
    const page = await (await admin.get(`/admin/orders/${order.id}`)).text()
    expect(page).toContain('<span class="status">Being cancelled</span>')
    expect(page).toContain('Its cancellation is being finished: the money may already be back on the card')
    expect(page).not.toContain('Mark as shipped')
    expect(page).not.toContain('Cancel and refund')
    // sales refuses the move meanwhile, and the page says why
    const ship = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-2' })
    expect([ship.status, await ship.text()]).toEqual([409, expect.stringContaining('is being cancelled')])
  })

  it('When an order failed, then its page says why, in the words the shopper read, with the code', async () => {
    const order = orderOf('failed')
    const page = await (await agent.get(`/admin/orders/${order.id}`)).text()
    expect(page).toContain('Failed (out_of_stock): Not enough Café Crème Beans (COF-001): 2 wanted, 1 available.')
    expect(page).toContain('No payment went through.')
    // the product it was short of, one click away (its stock, for an admin)
    expect(page).toContain(`<a href="/products/${order.items[0]?.productId}">See Café Crème Beans</a>`)
    const forAdmin = await (await admin.get(`/admin/orders/${order.id}`)).text()
    expect(forAdmin).toContain(`<a href="/admin/products/${order.items[0]?.productId}">See Café Crème Beans</a>`)
  })

  it('When staff download the orders as CSV, then every order the filters find is a row, read across sales’ pages, newest first', async () => {
    const paid = Array.from({ length: 120 }, () => orderOf('paid'))
    const shipped = orderOf('shipped')
    const list = await (await agent.get('/admin/orders?status=paid')).text()
    expect(list).toContain('href="/admin/orders/export.csv?status=paid"')
    const res = await agent.get('/admin/orders/export.csv?status=paid&page=3')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/)
    const [header, ...rows] = (await res.text()).trimEnd().split('\r\n')
    expect(header).toBe(
      'number,placed_at,status,customer_name,customer_email,items,items_returned,currency,subtotal,discount,shipping,total,refunded,promo_code,payment_reference,tracking_number,ship_to_line1,ship_to_line2,ship_to_city,ship_to_postal_code,ship_to_country',
    )
    const numbers = rows.map((row) => row.split(',')[0])
    expect(numbers.slice(0, 2)).toEqual([paid.at(-1)?.number, paid.at(-2)?.number])
    expect(numbers).toEqual(expect.arrayContaining(paid.map((o) => o.number)))
    expect(numbers).not.toContain(shipped.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(rows[0]).toMatch(
      /,paid,Ann,ann@example\.com,2,0,USD,20\.00,0\.00,4\.99,24\.99,0\.00,,pay_test,,1 Main St,,Springfield,12345,US$/,
    )

    // more than an export takes: a page that says to narrow the filters, not a file cut short
    const before = web.orders.length
    while (web.orders.filter((o) => o.status === 'paid').length <= 10_000) orderOf('paid')
    const tooMany = await agent.get('/admin/orders/export.csv?status=paid')
    web.orders.splice(before)
    expect(tooMany.status).toBe(422)
    expect(await tooMany.text()).toContain('an export takes up to 10,000: narrow the days or the status')
  })

  it('When staff open an order, then an admin’s page links the customer and the back office’s products, an agent’s the shop’s products (the pages open to them)', async () => {
    const order = orderOf('paid')
    const [line] = order.items
    const forAdmin = await (await admin.get(`/admin/orders/${order.id}`)).text()
    expect(forAdmin).toContain(`<a href="/admin/users/${order.userId}">Ann</a>`)
    expect(forAdmin).toContain(`<a href="/admin/products/${line?.productId}">`)
    const forAgent = await (await agent.get(`/admin/orders/${order.id}`)).text()
    expect(forAgent).not.toContain('href="/admin/users/')
    expect(forAgent).toContain(`<a href="/products/${line?.productId}">`)
  })
})

describe('support', () => {
  it('When an agent approves a return, then a page asks first and the ticket is resolved; a rejection needs a reason', async () => {
    const order = orderOf('delivered')
    const ann = await signedIn('ann@example.com')
    const item = order.items[0]
    // one of the two sent back
    const opened = await ann.post('/tickets', {
      type: 'return',
      orderId: order.id,
      itemsOf: order.id,
      [`return-${item?.productId}`]: '1',
      subject: 'Return',
      message: 'Too dark.',
    })
    const id = new URL(ann.redirectOf(opened), 'http://shop.test').pathname.split('/')[2]
    const queue = await (await agent.get('/admin/tickets?type=return')).text()
    expect(queue).toContain(`href="/admin/tickets/${id}"`)
    expect(queue).toContain('<td class="hide-narrow">ann@example.com</td>')
    const row = (html: string) => html.slice(html.indexOf(`href="/admin/tickets/${id}"`)).split('</tr>')[0]
    expect(row(queue)).toContain('<td class="hide-narrow">Nobody</td>')
    // a priority reads as a status does, in words, in the queue and on the ticket
    expect(queue).toContain('<td class="hide-narrow">Normal</td>')
    const page = await (await agent.get(`/admin/tickets/${id}`)).text()
    expect(page).toContain('Too dark.')
    expect(page).toContain('<option value="normal" selected="">Normal</option>')
    expect(page).toContain('Approve and refund…')
    expect(page).toContain(`Sending back: 1 × ${item?.name}`)
    // who wrote it: an agent reads it, an admin can open the account
    expect(page).toContain('From Ann (ann@example.com)')
    expect(await (await admin.get(`/admin/tickets/${id}`)).text()).toContain(
      `From <a href="/admin/users/${web.ann.id}">Ann</a> (ann@example.com)`,
    )
    // approved, sales not answering yet: the page says support finishes it, and offers no second decision
    const ticket = present(
      web.tickets.find((t) => t.id === id),
      'the ticket',
    )
    ticket.approvalPending = true
    const waiting = await (await agent.get(`/admin/tickets/${id}`)).text()
    expect(waiting).toContain('Approved; waiting for sales to confirm the refund.')
    expect(waiting).not.toContain('Approve and refund…')
    expect(waiting).not.toContain('Reject the return')
    ticket.approvalPending = false
    const noReason = await agent.post(`/admin/tickets/${id}/reject`, { reason: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('say why, for the customer')
    const ask = await (await agent.get(`/admin/tickets/${id}/approve`)).text()
    expect(ask).toContain(`Approve the return of order ${order.number}?`)
    expect(ask).toContain(`1 × ${item?.name}: their share of what was paid goes back`)
    expect((await agent.post(`/admin/tickets/${id}/reply`, { body: 'Send it back, please.' })).status).toBe(303)
    expect((await agent.post(`/admin/tickets/${id}/approve`, {})).headers.get('location')).toBe(
      `/admin/tickets/${id}?done=approved`,
    )
    expect(web.office.approved).toEqual([id])
    const resolved = await (await agent.get(`/admin/tickets/${id}?done=approved`)).text()
    expect(resolved).toContain('Return approved')
    expect(resolved).toContain('Send it back, please.')
    expect(resolved).toContain('assigned to you') // the reply made the ticket the agent's
    expect(row(await (await agent.get('/admin/tickets?type=return')).text())).toContain(
      '<td class="hide-narrow">You</td>',
    )
    expect(resolved).not.toContain('Approve and refund…')
  })

  it('When an agent works a ticket and the customer rates it, then the ticket shows what happened, who did it, and the rating', async () => {
    const ann = await signedIn('ann@example.com')
    const opened = await ann.post('/tickets', {
      type: 'inquiry',
      orderId: '',
      subject: 'Gift wrap?',
      message: 'Can you?',
    })
    const path = new URL(ann.redirectOf(opened), 'http://shop.test').pathname
    const id = path.split('/')[2]
    const change = await agent.post(`/admin/tickets/${id}/change`, {
      status: 'resolved',
      priority: 'high',
      assign: 'me',
    })
    expect(change.status).toBe(303)
    expect((await ann.post(`${path}/rating`, { score: '4', comment: 'Quick.' })).status).toBe(303)

    const page = await (await agent.get(`/admin/tickets/${id}`)).text()
    expect(page).toContain('The customer rated this 4 of 5: “Quick.”')
    const history = page.slice(page.indexOf('<h2 id="history">'))
    const entries = [...history.matchAll(/<strong>([^<]+)<\/strong>.*?<div class="muted">([^<]+)<\/div>/g)]
    expect(entries.map(([, what, who]) => `${what} ${who}`)).toEqual([
      'Opened by the customer',
      'Assigned to you; Priority high by you',
      'Resolved by you',
      'Rated 4 of 5 by the customer',
    ])
    // another agent reads the same entries as someone else's doing
    const other = await (await admin.get(`/admin/tickets/${id}`)).text()
    expect(other).toMatch(/Assigned to another agent; Priority high<\/strong>.*?by support/)
    // and the customer's page in the back office names its status as the queue does
    expect(await (await admin.get(`/admin/users/${web.ann.id}`)).text()).toContain('Gift wrap? · Resolved')
  })
})
