import { describe, expect, it } from 'vitest'
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
    orderOf('paid')
    const page = await (await admin.get('/admin')).text()
    expect(page).toMatch(/Orders today <span class="figure">\d+<\/span>/)
    expect(page).toMatch(/E-mails waiting<span class="figure">2<\/span>/)
    expect(page).toContain('sales: 2')
    // low stock: the fake catalog's Ethiopian Beans (3) and Moka Pot (0)
    expect(page).toContain('Ethiopian Beans')
    expect(page).toMatch(/<strong>products<\/strong> <span class="up">up<\/span>/)
  })
})

describe('orders', () => {
  it('When an admin ships and delivers an order, then each step says what happened; a wrong step says why nothing changed', async () => {
    const order = orderOf('paid')
    expect(await (await admin.get('/admin/orders')).text()).toContain(order.number)
    const missing = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: '' })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('at least 3 characters')
    const shipped = await admin.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-77' })
    expect(shipped.headers.get('location')).toBe(`/admin/orders/${order.id}?done=shipped`)
    expect(await (await admin.follow(shipped)).text()).toContain('Marked as shipped')
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
    expect(ask).toContain('$20.00 goes back to ann@example.com')
    const seen = await (await agent.get(`/admin/orders/${order.id}`)).text()
    expect(seen).toContain(order.number)
    expect(seen).not.toContain('Mark as shipped')
    expect((await agent.post(`/admin/orders/${order.id}/ship`, { trackingNumber: 'TRACK-1' })).status).toBe(403)
    expect((await agent.get(`/admin/orders/${order.id}/cancel`)).status).toBe(403)
    expect(web.office.moves).not.toContain(`${order.number}:shipped`)
  })

  it('When an order failed, then its page says why, in the words the shopper read, with the code', async () => {
    const order = orderOf('failed')
    const page = await (await agent.get(`/admin/orders/${order.id}`)).text()
    expect(page).toContain('Failed (out_of_stock): Not enough Café Crème Beans (COF-001): 2 wanted, 1 available.')
    expect(page).toContain('Payment reference: none')
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
      'number,placed_at,status,customer_name,customer_email,items,currency,subtotal,discount,total,promo_code,payment_reference,tracking_number,ship_to_line1,ship_to_line2,ship_to_city,ship_to_postal_code,ship_to_country',
    )
    const numbers = rows.map((row) => row.split(',')[0])
    expect(numbers.slice(0, 2)).toEqual([paid.at(-1)?.number, paid.at(-2)?.number])
    expect(numbers).toEqual(expect.arrayContaining(paid.map((o) => o.number)))
    expect(numbers).not.toContain(shipped.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(rows[0]).toMatch(
      /,paid,Ann,ann@example\.com,2,USD,20\.00,0\.00,20\.00,,pay_test,,1 Main St,,Springfield,12345,US$/,
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
    const opened = await ann.post('/tickets', {
      type: 'return',
      orderId: order.id,
      subject: 'Return',
      message: 'Too dark.',
    })
    const id = new URL(ann.redirectOf(opened), 'http://shop.test').pathname.split('/')[2]
    const queue = await (await agent.get('/admin/tickets?type=return')).text()
    expect(queue).toContain(`href="/admin/tickets/${id}"`)
    expect(queue).toContain('<td class="hide-narrow">ann@example.com</td>')
    const page = await (await agent.get(`/admin/tickets/${id}`)).text()
    expect(page).toContain('Too dark.')
    expect(page).toContain('Approve and refund…')
    // who wrote it: an agent reads it, an admin can open the account
    expect(page).toContain('From Ann (ann@example.com)')
    expect(await (await admin.get(`/admin/tickets/${id}`)).text()).toContain(
      `From <a href="/admin/users/${web.ann.id}">Ann</a> (ann@example.com)`,
    )
    const noReason = await agent.post(`/admin/tickets/${id}/reject`, { reason: '' })
    expect(noReason.status).toBe(400)
    expect(await noReason.text()).toContain('say why, for the customer')
    expect(await (await agent.get(`/admin/tickets/${id}/approve`)).text()).toContain(
      `Approve the return of order ${order.number}?`,
    )
    expect((await agent.post(`/admin/tickets/${id}/reply`, { body: 'Send it back, please.' })).status).toBe(303)
    expect((await agent.post(`/admin/tickets/${id}/approve`, {})).headers.get('location')).toBe(
      `/admin/tickets/${id}?done=approved`,
    )
    expect(web.office.approved).toEqual([id])
    const resolved = await (await agent.get(`/admin/tickets/${id}?done=approved`)).text()
    expect(resolved).toContain('Return approved')
    expect(resolved).toContain('Send it back, please.')
    expect(resolved).not.toContain('Approve and refund…')
  })
})

describe('catalog, promotions and users (admins)', () => {
  it('When an admin gives a product pictures and attributes, then the shop shows them; a picture that is no web address or a line that is no name: value is said beside its field', async () => {
    const product = web.catalog[2]
    const form = { name: product.name, description: '', price: '30.00', categoryId: '', active: '1' }
    const bad = await admin.post(`/admin/products/${product.id}`, {
      ...form,
      images: 'ftp://pictures.example/pot.jpg',
      attributes: 'capacity 6 cups',
    })
    expect(bad.status).toBe(400)
    const badPage = await bad.text()
    expect(badPage).toMatch(/id="f-images-error"[^>]*>one web address a line/)
    expect(badPage).toMatch(/id="f-attributes-error"[^>]*>“capacity 6 cups” is not name: value/)
    expect(product.images).toEqual([])

    const saved = await admin.post(`/admin/products/${product.id}`, {
      ...form,
      images: ' https://pictures.example/pot.jpg \n\nhttps://pictures.example/pot-2.jpg',
      attributes: 'capacity_cups: 6\nmaterial: aluminium\ndishwasher-safe: false',
    })
    expect(saved.headers.get('location')).toBe(`/admin/products/${product.id}?done=saved`)
    // products keeps numbers, yes or no, and text; the form shows them as they were typed
    expect(product.images).toEqual(['https://pictures.example/pot.jpg', 'https://pictures.example/pot-2.jpg'])
    expect(product.attributes).toEqual({ capacity_cups: 6, material: 'aluminium', 'dishwasher-safe': false })
    const page = await (await admin.follow(saved)).text()
    expect(page).toContain('https://pictures.example/pot.jpg\nhttps://pictures.example/pot-2.jpg</textarea>')
    expect(page).toContain('capacity_cups: 6\nmaterial: aluminium\ndishwasher-safe: false</textarea>')
    const inShop = await (await web.browser().get(`/products/${product.id}`)).text()
    expect(inShop).toContain('src="https://pictures.example/pot.jpg"')
    expect(inShop).toContain(
      '<a href="https://pictures.example/pot-2.jpg"><img src="https://pictures.example/pot-2.jpg"',
    )
    expect(inShop).toMatch(/<dt>Capacity cups<\/dt><dd>6<\/dd>/)
  })

  it('When an admin adjusts stock, then a page says what will change first; bad input is said beside its field', async () => {
    const product = web.catalog[0]
    const bad = await admin.post(`/admin/products/${product.id}/stock/confirm`, { delta: '0', reason: '' })
    expect(bad.status).toBe(400)
    const badPage = await bad.text()
    expect(badPage).toContain('a change of 0 changes nothing')
    expect(badPage).toContain('why (it is kept in the history)')
    expect(badPage).toContain(`value="${product.name}"`)
    const ask = await (
      await admin.post(`/admin/products/${product.id}/stock/confirm`, { delta: '5', reason: 'delivery' })
    ).text()
    expect(ask).toContain(`Add 5 of ${product.name}?`)
    expect(ask).toContain(`On hand goes from ${product.stock.onHand} to ${product.stock.onHand + 5}`)
    const done = await admin.post(`/admin/products/${product.id}/stock`, { delta: '5', reason: 'delivery' })
    expect(done.headers.get('location')).toBe(`/admin/products/${product.id}?done=stock`)
    expect(web.office.stock).toEqual([5])
    // more than there is on hand: the product's page says why, and nothing changed
    const tooMuch = await admin.post(`/admin/products/${product.id}/stock`, { delta: '-1000', reason: 'count' })
    expect(tooMuch.status).toBe(409)
    expect(await tooMuch.text()).toContain('Nothing changed: On hand cannot go below what is reserved.')
    expect(web.office.stock).toEqual([5])
    // the history shows the delivery, and what an order took with a link to the order
    const order = orderOf('paid')
    const page = await (await admin.follow(done)).text()
    expect(page).toMatch(/<td[^>]*>\+5<\/td>/)
    expect(page).toContain(`<a href="/admin/orders/${order.id}">order ${order.id}</a>`)
  })

  it('When an admin opens a product, the catalog or a category, then reservations held, the active filter and the category form are there', async () => {
    const product = await (await admin.get(`/admin/products/${web.catalog[1].id}`)).text()
    expect(product).toContain(
      '1 for <a href="/admin/orders/order-being-placed">order order-being-placed</a>, held until',
    )
    const list = await (await admin.get('/admin/products?active=false')).text()
    expect(list).toMatch(/<option value="false" selected="">Inactive<\/option>/)
    const categories = await (await admin.get('/admin/products/categories')).text()
    const categoryId = '10000000-0000-4000-8000-000000000001'
    expect(categories).toContain(`href="/admin/products/categories/${categoryId}"`)
    const form = await (await admin.get(`/admin/products/categories/${categoryId}`)).text()
    expect(form).toContain('value="coffee"')
    const bad = await admin.post(`/admin/products/categories/${categoryId}`, {
      name: 'Coffee',
      slug: 'Not A Slug!',
      parentId: '',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('lower-case letters, digits and dashes')
    const saved = await admin.post(`/admin/products/categories/${categoryId}`, {
      name: 'Coffee',
      slug: 'coffee',
      parentId: '',
    })
    expect(saved.headers.get('location')).toBe('/admin/products/categories')
  })

  it('When an admin creates a promotion and sends its campaign, then bad values are refused, the e-mail is previewed, and sending asks first', async () => {
    const form = {
      code: 'SPRING15',
      kind: 'percent',
      value: '15',
      minOrder: '',
      startsAt: '',
      endsAt: '',
      maxRedemptions: '',
      subject: 'Spring',
      body: 'Fifteen off.',
    }
    const tooMuch = await admin.post('/admin/promotions', { ...form, value: '150' })
    expect(tooMuch.status).toBe(400)
    expect(await tooMuch.text()).toContain('a whole percentage from 1 to 100')
    const badPage = await (await admin.post('/admin/promotions', { ...form, code: 'x', subject: '' })).text()
    expect(badPage).toContain('letters, digits, - and _ (2 to 40)')
    expect(badPage).toContain('the e-mail’s subject')
    const created = await admin.post('/admin/promotions', {
      code: 'spring15',
      kind: 'percent',
      value: '15',
      minOrder: '25',
      startsAt: '',
      endsAt: '2030-01-01',
      maxRedemptions: '100',
      subject: 'Spring',
      body: 'Fifteen off.',
    })
    const path = admin.redirectOf(created).split('?')[0]
    const page = await (await admin.get(path)).text()
    expect(page).toContain('Promotion SPRING15')
    expect(page).toContain('15% off on orders of $25.00 or more')
    expect(page).toContain(`src="${path}/preview"`)
    const preview = await admin.get(`${path}/preview`)
    expect(preview.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'")
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    expect(await (await admin.get(`${path}/send`)).text()).toContain(
      'Send &quot;Spring&quot; to every opted-in customer?',
    )
    await admin.post(`${path}/send`, {})
    expect(web.office.sent).toHaveLength(1)
  })

  it('When an admin changes roles, then at least one stays and their own admin role cannot go', async () => {
    const none = await admin.post(`/admin/users/${web.ann.id}/roles`, {})
    expect(none.status).toBe(400)
    expect((await admin.post(`/admin/users/${web.ann.id}/roles`, { customer: '1', support: '1' })).status).toBe(303)
    expect(web.office.administered.at(-1)).toEqual({ roles: ['customer', 'support'] })
    // the list by role: Ann is an agent now, and no admin is among the fake's users
    const agents = await (await admin.get('/admin/users?role=support')).text()
    expect(agents).toContain('<option value="support" selected="">Support agents</option>')
    expect(agents).toContain(`href="/admin/users/${web.ann.id}"`)
    expect(await (await admin.get('/admin/users?role=admin')).text()).toContain('0 users')
    expect((await admin.get('/admin/users?role=root')).status).toBe(200)
    expect(await (await admin.get(`/admin/users/${web.ann.id}/disable`)).text()).toContain(
      'Every session of the account ends within seconds',
    )
  })
})
