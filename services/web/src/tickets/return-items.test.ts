import { describe, expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()

describe('returning some items of an order', () => {
  it('When a shopper lowers what they send back, then the return names those items; a wrong number or none is said on the form and nothing opens', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('delivered') // two of the first product
    const item = present(order.items[0], 'the item')
    const field = `return-${item.productId}`
    const form = await (await browser.get(`/tickets/new?type=return&orderId=${order.id}`)).text()
    expect(form).toContain(`What do you send back from order ${order.number}?`)
    expect(form).toMatch(new RegExp(`name="${field}"[^>]*value="2"[^>]*min="0" max="2"`))
    const ask = (numbers: Record<string, string>) =>
      browser.post('/tickets', {
        type: 'return',
        orderId: order.id,
        subject: 'Return',
        message: 'One is enough.',
        ...numbers,
      })

    const before = web.tickets.length
    for (const [numbers, said] of [
      [{ itemsOf: order.id, [field]: '3' }, `${item.name}: from 0 to 2.`],
      [{ itemsOf: order.id, [field]: '0' }, 'Choose at least one item to send back.'],
      [{ itemsOf: crypto.randomUUID(), [field]: '1' }, `Choose what you send back from order ${order.number}.`],
    ] as const) {
      const refused = await ask(numbers)
      expect(refused.status).toBe(400)
      const page = await refused.text()
      expect(page).toContain(said)
      expect(page).toContain('One is enough.')
    }
    expect(web.tickets.length).toBe(before)

    // sales cannot be reached: said on the form, the numbers kept, nothing sent (support could return all of it)
    const later = await web.whileDown('sales', () => ask({ itemsOf: order.id, [field]: '1' }))
    expect(later.status).toBe(503)
    expect(await later.text()).toContain('Your order cannot be read right now')
    expect(web.tickets.length).toBe(before)

    const opened = await ask({ itemsOf: order.id, [field]: '1' })
    expect(opened.status).toBe(303)
    expect(web.tickets[0]?.items).toEqual([{ productId: item.productId, name: item.name, quantity: 1 }])
    expect(await (await browser.get(browser.redirectOf(opened))).text()).toContain(`Sending back: 1 × ${item.name}`)
  })

  it('When some items of an order came back, then its page says how many and what was given back, and offers a return of the rest until none is left', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('delivered')
    const item = present(order.items[0], 'the item')
    Object.assign(item, { returned: 1 })
    order.refunded = 1000
    order.history?.push({
      status: 'partially_refunded',
      note: `1 × ${item.name} returned`,
      at: new Date().toISOString(),
    })
    const page = await (await browser.get(`/orders/${order.id}`)).text()
    expect(page).toContain('2 (1 returned)')
    expect(page).toContain('Refunded for returned items')
    expect(page).toContain('$10.00 of it was given back')
    expect(page).toContain('Items returned and refunded')
    expect(page).toContain(`/tickets/new?type=return&amp;orderId=${order.id}`)
    const form = await (await browser.get(`/tickets/new?type=return&orderId=${order.id}`)).text()
    expect(form).toContain('1 of 2 not returned yet')
    Object.assign(item, { returned: 2 })
    expect(await (await browser.get(`/orders/${order.id}`)).text()).not.toContain('type=return')
  })
})
