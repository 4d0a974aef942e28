import { describe, expect, it } from 'vitest'
import { until } from '@shopfront/kit/testing'
import { promotion as promotionContract, promotionPage } from '../contract.ts'
import { card, startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token, sql } = sales
const admin = await token('admin-1', ['admin'])
const promo = (extra: Record<string, unknown> = {}) => ({
  code: `SAVE${crypto.randomUUID().slice(0, 6)}`,
  kind: 'percent',
  value: 10,
  subject: 'Ten percent off',
  body: 'Our autumn sale is here.',
  ...extra,
})
const create = async (extra: Record<string, unknown> = {}) => {
  const res = await send('POST', '/api/promotions', { auth: admin, body: promo(extra) })
  expect(res.status).toBe(201)
  return res.body
}
async function shopper(subtotalUnits = 4, unitPrice = 2500) {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  const productId = fake.addProduct({ onHand: 1000, unitPrice })
  fake.customer(userId, { [productId]: subtotalUnits })
  return { userId, productId, auth: await token(userId) }
}
const checkout = (auth: string, promoCode: string, number?: string) =>
  send('POST', '/api/checkout', {
    auth,
    body: { payment: card(number), promoCode },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })

describe('promotion codes at checkout', () => {
  it('When a shopper asks for a quote, then it shows what the code takes off the cart now, writes nothing, and says why a code does not apply', async () => {
    const percent = await create({ value: 20 })
    const { auth } = await shopper(2, 2500)
    const quote = (promoCode?: string) =>
      send('POST', '/api/checkout/quote', { auth, body: promoCode === undefined ? {} : { promoCode } })
    expect((await quote(` ${percent.code.toLowerCase()} `)).body).toEqual({
      promoCode: percent.code,
      subtotal: 5000,
      discount: 1000,
      shipping: 0,
      freeShippingFrom: null,
      total: 4000,
      currency: 'USD',
    })
    expect((await quote()).body).toMatchObject({ promoCode: null, discount: 0, total: 5000 })
    const unknown = await quote('NOSUCHCODE')
    expect(unknown.status).toBe(422)
    expect(unknown.body.detail).toMatch(/does not exist/)
    expect((await quote('no spaces allowed')).status).toBe(400)
    // a quote redeems nothing: the code still works at checkout
    expect((await send('GET', `/api/promotions/${percent.id}`, { auth: admin })).body.redemptions).toBe(0)
    expect((await checkout(auth, percent.code)).body).toMatchObject({ discount: 1000 })
    const empty = await send('POST', '/api/checkout/quote', { auth: await token('nobody-here'), body: {} })
    expect(empty.status).toBe(422)
  })

  it('When a percent or an amount code is used, then the discount is on the order and in the confirmation', async () => {
    const percent = await create({ value: 15 })
    const { auth } = await shopper(4, 2500)
    const res = await checkout(auth, percent.code.toLowerCase())
    expect(res.body).toMatchObject({ subtotal: 10000, discount: 1500, total: 8500, promoCode: percent.code })
    const amount = await create({ kind: 'amount', value: 20000 })
    const capped = await checkout((await shopper(1, 999)).auth, amount.code)
    expect(capped.body).toMatchObject({ subtotal: 999, discount: 999, total: 0 })
    const mail = (await sales.outbox()).find((m) => m.message_id.includes(res.body.id))
    expect(mail?.text_body).toContain(`Discount (${percent.code}): -$15.00`)
  })

  it('When a code is unknown, not yet valid, expired, below its minimum, or already used by the user, then 422 saying which', async () => {
    const soon = await create({ startsAt: new Date(Date.now() + 86_400_000).toISOString() })
    const past = await create({ startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' })
    const big = await create({ minOrder: 50_000 })
    const once = await create()
    const { userId, productId, auth } = await shopper(4)
    const detail = async (code: string) => (await checkout(auth, code)).body.detail
    expect(await detail('NOSUCHCODE')).toMatch(/does not exist/)
    expect(await detail(soon.code)).toMatch(/not valid yet/)
    expect(await detail(past.code)).toMatch(/expired/)
    expect(await detail(big.code)).toMatch(/at least \$500\.00/)
    expect((await checkout(auth, once.code)).status).toBe(201)
    fake.customer(userId, { [productId]: 1 })
    expect(await detail(once.code)).toMatch(/already used/)
    expect((await checkout((await shopper(1)).auth, once.code)).status).toBe(201)
  })

  it('When many shoppers race for the last redemptions, then exactly the maximum get the discount; a failed checkout gives its redemption back', async () => {
    const limited = await create({ maxRedemptions: 3 })
    const declined = await checkout((await shopper(1)).auth, limited.code, '4000000000000002')
    expect(declined.status).toBe(402)
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => checkout((await shopper(1)).auth, limited.code)),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(3)
    expect(results.filter((r) => r.status === 422).every((r) => /used up/.test(r.body.detail))).toBe(true)
    expect((await send('GET', `/api/promotions/${limited.id}`, { auth: admin })).body.redemptions).toBe(3)
  })
})

describe('managing promotions', () => {
  it('When an admin previews a campaign, then it is the e-mail a recipient gets, with the code and the shop link', async () => {
    const p = await create({ code: 'PREVIEW10', subject: 'Preview me' })
    const res = await send('GET', `/api/promotions/${p.id}/preview`, { auth: admin })
    expect(res.body.subject).toBe('Preview me')
    expect(res.body.text).toContain('Use the code PREVIEW10')
    expect(res.body.html).toContain('href="http://shop.test/promo/PREVIEW10"')
    expect((await send('GET', `/api/promotions/${p.id}/preview`, { auth: await token('someone') })).status).toBe(403)
  })

  it('When an admin creates, lists and changes promotions, then bad input is a 400, a duplicate code a 409, and customers are kept out', async () => {
    const p = await create({ code: 'Winter-25' })
    expect(p).toMatchObject({ code: 'WINTER-25', minOrder: 0, active: true, campaign: { status: 'draft', queued: 0 } })
    expect((await send('POST', '/api/promotions', { auth: admin, body: promo({ code: 'winter-25' }) })).status).toBe(
      409,
    )
    for (const body of [
      promo({ value: 101 }),
      promo({ kind: 'gift' }),
      promo({ code: 'a b' }),
      promo({ startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }),
      promo({ subject: '' }),
      { ...promo(), extra: 1 },
    ]) {
      expect((await send('POST', '/api/promotions', { auth: admin, body })).status, JSON.stringify(body)).toBe(400)
    }
    expect(
      (await send('PATCH', `/api/promotions/${p.id}`, { auth: admin, body: { value: 20, active: false } })).body,
    ).toMatchObject({ value: 20, active: false })
    expect((await send('PATCH', `/api/promotions/${p.id}`, { auth: admin, body: { value: 150 } })).status).toBe(400)
    expect((await send('PATCH', `/api/promotions/${p.id}`, { auth: admin, body: {} })).status).toBe(400)
    expect(
      (await send('PATCH', `/api/promotions/${crypto.randomUUID()}`, { auth: admin, body: { value: 5 } })).status,
    ).toBe(404)
    expect(
      (await send('GET', '/api/promotions?limit=100', { auth: admin })).body.items.map((x: any) => x.id),
    ).toContain(p.id)
    expect((await send('GET', '/api/promotions', { auth: await token('u', ['customer']) })).status).toBe(403)
    expect((await send('POST', `/api/promotions/${p.id}/send`, { auth: admin })).status).toBe(409)
  })
})

describe('campaigns', () => {
  it('When a campaign is sent, then every opted-in user gets one e-mail with a personal unsubscribe link, page by page; sending again mails nobody twice', async () => {
    const recipients = Array.from({ length: 5 }, (_, i) => ({
      id: `r-${i}-${crypto.randomUUID().slice(0, 4)}`,
      email: `reader${i}@example.com`,
      name: `Reader ${i}`,
      unsubscribeToken: `token-${i}-${'x'.repeat(20)}`,
    }))
    fake.optedIn.splice(0, fake.optedIn.length, ...recipients)
    const p = await create({ body: 'Autumn sale.\n\nEverything must go.' })
    expect((await send('POST', `/api/promotions/${p.id}/send`, { auth: admin })).status).toBe(202)
    sales.sender.start()
    try {
      await until(
        async () => (await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body.campaign.status === 'sent',
        { timeoutMs: 5000, what: 'the campaign' },
      )
      const sent = (await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body.campaign
      expect(sent).toMatchObject({ status: 'sent', recipients: 5, queued: 5, finishedAt: expect.any(String) })
      // queued in the outbox, none sent yet in this test (no dispatcher runs here)
      expect(sent.delivery).toEqual({ sent: 0, pending: 5, failed: 0 })
      // the answer is what the contract (the OpenAPI document, the back office) says
      const one = (await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body
      expect(promotionContract.strict().safeParse(one).error).toBeUndefined()
      const list = (await send('GET', '/api/promotions', { auth: admin })).body
      expect(promotionPage.safeParse(list).error).toBeUndefined()
      const mails = (await sales.outbox()).filter((m) => m.message_id.includes(p.id))
      expect(mails.map((m) => m.to_address).sort()).toEqual(recipients.map((r) => r.email).sort())
      const first = mails.find((m) => m.to_address === 'reader0@example.com')
      const link = `http://shop.test/unsubscribe?token=${recipients[0].unsubscribeToken}`
      const oneClick = `http://shop.test/api/users/unsubscribe?token=${recipients[0].unsubscribeToken}`
      expect(first?.text_body).toContain(link)
      expect(first?.text_body).toContain(`Shop now: http://shop.test/promo/${p.code}`)
      expect(first?.text_body).toContain(`Use the code ${p.code} at checkout for 10% off`)
      // who sends it, with the postal address (shop.seller), as the law of offers by e-mail asks
      const sender = 'You receive this from Shopfront Ltd, 1 Market St, Springfield because you opted in to offers.'
      expect(first?.text_body).toContain(`${sender} Unsubscribe: ${link}`)
      expect(first?.html_body).toContain(sender)
      expect(first?.headers).toEqual({
        'List-Unsubscribe': `<${oneClick}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      })

      // one more user opts in, one opts out; sending again reaches only the newcomer
      fake.optedIn.splice(1, 1)
      fake.optedIn.push({
        id: 'late-1',
        email: 'late@example.com',
        name: 'Late',
        unsubscribeToken: 'token-late-xxxxxxxxxxxxxxxxxxxx',
      })
      await send('POST', `/api/promotions/${p.id}/send`, { auth: admin })
      await until(
        async () => (await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body.campaign.status === 'sent',
        { timeoutMs: 5000, what: 'the second send' },
      )
      const after = (await sales.outbox()).filter((m) => m.message_id.includes(p.id))
      expect(after).toHaveLength(6)
      expect(after.filter((m) => m.to_address === 'late@example.com')).toHaveLength(1)
    } finally {
      await sales.sender.stop()
    }
  })

  it('When users cannot be reached, then the campaign waits and resumes where it stopped', async () => {
    fake.optedIn.splice(
      0,
      fake.optedIn.length,
      ...Array.from({ length: 3 }, (_, i) => ({
        id: `w-${i}`,
        email: `w${i}@example.com`,
        name: 'W',
        unsubscribeToken: 'x'.repeat(30),
      })),
    )
    const p = await create()
    await send('POST', `/api/promotions/${p.id}/send`, { auth: admin })
    await fake.whileDown('users', async () => {
      await sales.sender.runOnce()
      expect((await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body.campaign).toMatchObject({
        status: 'sending',
        queued: 0,
      })
    })
    await sql`update promotions set send_lease_until = now() - interval '1 second' where id = ${p.id}`
    await sales.sender.runOnce()
    expect((await send('GET', `/api/promotions/${p.id}`, { auth: admin })).body.campaign).toMatchObject({
      status: 'sent',
      queued: 3,
    })
  })
})
