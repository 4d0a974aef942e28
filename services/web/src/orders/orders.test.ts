import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()

describe('cancelling my order', () => {
  it('When a shopper cancels a paid order, then a page asks first, saying the payment goes back, and the order then says it is cancelled', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('paid')
    const page = await (await browser.get(`/orders/${order.id}`)).text()
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
    expect(await (await browser.follow(done)).text()).toContain(`Order ${order.number} is cancelled`)
    // once cancelled, the question leads back to the order
    expect(browser.redirectOf(await browser.get(`/orders/${order.id}/cancel`))).toBe(`/orders/${order.id}`)
  })

  it('When an order has shipped, then it offers no cancelling, and asking leads back to the order', async () => {
    const browser = await web.signedIn()
    const order = web.orderIn('shipped')
    expect(await (await browser.get(`/orders/${order.id}`)).text()).not.toContain('Cancel this order')
    expect(browser.redirectOf(await browser.get(`/orders/${order.id}/cancel`))).toBe(`/orders/${order.id}`)
  })
})
