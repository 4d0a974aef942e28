import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()

describe('cancelling my order', () => {
  it('When a shopper cancels a paid order, then a page asks first, saying the payment goes back, and the order then says it is cancelled', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('paid')
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    expect(page).toContain('<p>1 Main St<br/>Springfield 12345<br/>United States</p>')
    expect(page).toContain('<p class="muted right">Paid with Visa ending in 4242</p>')
    // what delivery cost, between the goods and the total
    expect(page).toContain('<dt>Subtotal</dt><dd>$20.00</dd><dt>Shipping</dt><dd>$4.99</dd><dt>Total</dt>')
    // when it was placed: in UTC, saying so, and the instant for the page's script to show in the shopper's zone
    expect(page).toMatch(
      new RegExp(
        `placed <time datetime="${order.createdAt}">\\w{3} \\d{1,2}, \\d{4}, \\d{1,2}:\\d\\d [AP]M UTC</time>`,
      ),
    )
    // the order page leads to the question; nothing on it cancels in one click
    expect(page).toContain(`<a class="button secondary" href="/orders/${order.id}/cancel">Cancel this order…</a>`)
    expect(page).not.toContain(`action="/orders/${order.id}/cancel"`)

    const ask = await (await browser.get(`/orders/${order.id}/cancel`)).text()
    expect(ask).toContain(`<h1>Cancel order ${order.number}?</h1>`)
    expect(ask).toMatch(
      /The \$\d+\.\d\d you paid goes back to your card, and nothing is sent\. This cannot be undone\./,
    )
    expect(ask).toContain(`action="/orders/${order.id}/cancel"`)
    expect(ask).toContain(`href="/orders/${order.id}">Keep it</a>`)

    const done = await browser.post(`/orders/${order.id}/cancel`, {})
    expect(browser.redirectOf(done)).toBe(`/orders/${order.id}?cancelled=1`)
    const cancelled = await (await browser.follow(done)).text()
    expect(cancelled).toContain(`Order ${order.number} is cancelled`)
    expect(cancelled).toContain('Paid with Visa ending in 4242; the payment was given back')
    // once cancelled, the question leads back to the order
    expect(browser.redirectOf(await browser.get(`/orders/${order.id}/cancel`))).toBe(`/orders/${order.id}`)
  })

  it('When a shopper reads an order’s history, then it says when each step happened with what concerns them (the tracking number), not the record’s own notes, which staff see', async () => {
    const order = web.orderIn('shipped')
    const at = new Date().toISOString()
    order.history = [
      { status: 'pending', note: 'checkout started', at },
      { status: 'paid', note: 'payment pay_test', at },
      { status: 'shipped', note: 'tracking TRACK-9', at },
    ]
    const page = await (await (await web.signedIn()).get(`/orders/${order.id}`)).text()
    expect(page).toContain('<strong>Shipped</strong>')
    expect(page).toContain('<div class="muted">tracking TRACK-9</div>')
    expect(page).not.toContain('checkout started')
    expect(page).not.toContain('payment pay_test')
    const office = await (await (await web.signedIn('admin@example.com')).get(`/admin/orders/${order.id}`)).text()
    for (const note of ['checkout started', 'payment pay_test', 'tracking TRACK-9']) expect(office).toContain(note)
  })

  it('When an order has shipped, then it offers no cancelling, and asking leads back to the order', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('shipped')
    expect(await (await browser.get(`/orders/${order.id}`)).text()).not.toContain('Cancel this order')
    expect(browser.redirectOf(await browser.get(`/orders/${order.id}/cancel`))).toBe(`/orders/${order.id}`)
  })
})

describe('an order being cancelled', () => {
  it('When sales is finishing an order’s cancellation (its money on its way back), then the page says so and offers no cancelling', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('paid')
    order.pendingStatus = 'cancelled'
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    expect(page).toContain('<span class="status">Being cancelled</span>')
    expect(page).toContain('We are finishing the cancellation: the payment is on its way back to your card')
    expect(page).not.toContain('Cancel this order')
    expect(await (await browser.get('/orders')).text()).toContain('Being cancelled')
  })
})

describe('buying an order again', () => {
  it('When a shopper buys an order again, then its lines go into the cart as far as they go, and the cart page says how far', async () => {
    const browser = await web.signedIn()
    web.carts.delete(web.ann.id)
    const [beans, ethiopian, moka] = web.catalog
    const order = web.orderIn('delivered')
    const line = (productId: string, name: string, quantity: number) =>
      ({ productId, sku: 'X', name, unitPrice: 1000, quantity, lineTotal: 1000 * quantity, returned: 0 }) as const
    order.items = [
      line(beans.id, beans.name, 2),
      line(ethiopian.id, ethiopian.name, 5), // 3 available
      line(moka.id, moka.name, 1), // sold out
      line(crypto.randomUUID(), 'Gone for good', 1), // no longer sold
    ]
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    expect(page).toContain(`action="/orders/${order.id}/buy-again"`)

    const done = await browser.post(`/orders/${order.id}/buy-again`, {})
    expect(browser.redirectOf(done)).toBe(`/cart?again=${order.number}&fewer=1&missing=2`)
    const cart = await (await browser.follow(done)).text()
    expect(cart).toContain(
      `Order ${order.number}&#39;s products are in your cart as far as they go: 1 product fewer than ordered (not enough in stock); 2 products left out (no longer sold or sold out).`,
    )
    expect([...(web.carts.get(web.ann.id) ?? [])]).toEqual([
      [beans.id, 2],
      [ethiopian.id, 3],
    ])
    expect(cart).toContain('Cart<span class="count"> (5)</span>')

    // again, with the beans already there: they are added to; the cart holds all 3 Ethiopian there are
    const twice = await browser.post(`/orders/${order.id}/buy-again`, {})
    expect(browser.redirectOf(twice)).toBe(`/cart?again=${order.number}&fewer=0&missing=3`)
    expect(web.carts.get(web.ann.id)?.get(beans.id)).toBe(4)
    // an order that is not the shopper's, or no order at all, puts nothing in the cart
    expect((await browser.post('/orders/not-an-order/buy-again', {})).status).toBe(404)
  })
})

describe('papers to print', () => {
  it('When a shopper opens the receipt of an order, then it is the order alone (no shop header) with items, prices, totals and payment; a failed order has none', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('paid')
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    expect(page).toContain(`<a class="button secondary" href="/orders/${order.id}/receipt">Receipt</a>`)
    const receipt = await browser.get(`/orders/${order.id}/receipt`)
    expect(receipt.status).toBe(200)
    const html = await receipt.text()
    expect(html).toContain(`<title>Receipt for order ${order.number} · Shopfront</title>`)
    expect(html).toContain('<body class="document">')
    expect(html).not.toContain('class="top"')
    expect(html).toContain('<button type="button" data-print="true" hidden="">Print</button>')
    expect(html).toContain(`<h1>Receipt</h1><p>Order ${order.number} · placed `)
    expect(html).toContain('<strong>Ship to</strong><br/>Ann<br/>1 Main St')
    const [line] = order.items
    expect(html).toContain(`<td>${line?.sku}</td><td>${line?.name}</td>`)
    expect(html).toContain('<dt>Subtotal</dt><dd>$20.00</dd><dt>Shipping</dt><dd>$4.99</dd><dt>Total</dt>')
    expect(html).toContain('Paid with Visa ending in 4242.')
    // who sold it (shop.seller: the legal name, address and tax number a receipt carries)
    expect(html).toContain('Sold by Shopfront Ltd, 1 Market St, Springfield, tax number US-123.<br/>Sold to Ann (')

    const failed = web.orderIn('failed')
    expect((await browser.get(`/orders/${failed.id}`)).status).toBe(200)
    expect(await (await browser.get(`/orders/${failed.id}`)).text()).not.toContain('/receipt"')
    expect((await browser.get(`/orders/${failed.id}/receipt`)).status).toBe(404)
    expect((await browser.get('/orders/not-an-order/receipt')).status).toBe(404)
    expect(browser.redirectOf(await web.browser().get(`/orders/${order.id}/receipt`))).toBe(
      `/signin?next=%2Forders%2F${order.id}%2Freceipt`,
    )
  })

  it('When staff open the packing slip of an order to ship, then it lists each item by number and how many, with the address, and no prices', async () => {
    const order = web.orderIn('paid')
    const staff = await web.signedIn('admin@example.com')
    const page = await (await staff.get(`/admin/orders/${order.id}`)).text()
    expect(page).toContain(`<a href="/admin/orders/${order.id}/packing-slip">Packing slip</a>`)
    const slip = await (await staff.get(`/admin/orders/${order.id}/packing-slip`)).text()
    expect(slip).toContain(`<h1>Packing slip</h1><p>Order ${order.number} · placed `)
    expect(slip).toContain('<strong>Ship to</strong><br/>Ann<br/>1 Main St')
    const units = order.items.reduce((n, l) => n + l.quantity, 0)
    expect(slip).toContain(`<strong>${units} ${units === 1 ? 'item' : 'items'} to pack</strong>`)
    expect(slip).not.toContain('$')
    expect(slip).toContain('We offer free returns within 14 days of delivery')
    expect(slip).toContain('<a href="/admin/orders/')
    // a delivered order has nothing left to pack: no link (the slip still opens for the record)
    const delivered = web.orderIn('delivered')
    expect(await (await staff.get(`/admin/orders/${delivered.id}`)).text()).not.toContain('packing-slip')
    // a shopper is no staff
    const shopper = await web.signedIn()
    expect((await shopper.get(`/admin/orders/${order.id}/packing-slip`)).status).toBe(403)
  })
})
