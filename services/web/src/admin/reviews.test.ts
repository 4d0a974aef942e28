import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const agent = await web.signedIn('agent@example.com')
const [beans, ethiopian] = web.catalog

/** Ann's review of a product delivered to her, written in the shop. */
async function annReviews(product: (typeof web.catalog)[number], rating: string, title: string) {
  web.orderIn('delivered', product)
  const ann = await web.signedIn()
  const sent = await ann.post(`/products/${product.id}/review`, { rating, title, body: '' })
  if (sent.status !== 303) throw new Error(`review: ${sent.status}`)
}

describe('reviews in the back office', () => {
  it('When an agent hides a review, then the list says so and the shop leaves it out; shown again, it is back, the filters kept', async () => {
    await annReviews(beans, '1', 'Stale and bitter')
    const list = await (await agent.get('/admin/reviews')).text()
    expect(list).toContain('href="/admin/reviews"')
    expect(list).toContain('Stale and bitter')
    expect(list).toContain(`<a href="/products/${beans.id}">${beans.name}</a>`)
    expect(list).toMatch(/order <a href="\/admin\/orders\/SF-\d+">SF-\d+<\/a>/)

    const hidden = await agent.post('/admin/reviews/visibility', {
      productId: beans.id,
      userId: web.ann.id,
      hidden: 'true',
      back: '/admin/reviews?rating=1&page=1',
    })
    expect(hidden.status).toBe(303)
    expect(hidden.headers.get('location')).toBe('/admin/reviews?rating=1&page=1&done=hidden')
    const after = await (await agent.follow(hidden)).text()
    expect(after).toContain('Hidden: the shop no longer shows it')
    expect(after).toContain('Show</button>')
    expect(await (await web.browser().get(`/products/${beans.id}`)).text()).not.toContain('Stale and bitter')
    expect(await (await agent.get('/admin/reviews?shown=shown&rating=1')).text()).toContain('No review matches.')
    // an admin's product page leads to its reviews alone
    const admin = await web.signedIn('admin@example.com')
    expect(await (await admin.get(`/admin/products/${beans.id}`)).text()).toContain(
      `<a href="/admin/reviews?productId=${beans.id}">Its reviews</a>`,
    )
    const its = await (await admin.get(`/admin/reviews?productId=${beans.id}`)).text()
    expect(its).toContain('Stale and bitter')
    expect(its).toContain(`name="productId" value="${beans.id}"`)
    expect(await (await admin.get(`/admin/reviews?productId=${ethiopian.id}`)).text()).not.toContain('Stale and bitter')

    await agent.post('/admin/reviews/visibility', {
      productId: beans.id,
      userId: web.ann.id,
      hidden: 'false',
      back: '/admin/reviews',
    })
    expect(await (await web.browser().get(`/products/${beans.id}`)).text()).toContain('Stale and bitter')
  })

  it('When an agent answers a review, then the shop shows the reply under it, its author sees it in their reviews, and an empty one takes it back', async () => {
    const [, , third] = web.catalog
    if (!third) throw new Error('the fake catalog has three products')
    await annReviews(third, '2', 'Arrived dented')
    const form = { productId: third.id, userId: web.ann.id, back: '/admin/reviews' }
    const replied = await agent.post('/admin/reviews/reply', { ...form, reply: 'Sorry! Ask us for a new one.' })
    expect(replied.headers.get('location')).toBe('/admin/reviews?done=replied')
    const list = await (await agent.follow(replied)).text()
    expect(list).toContain('Replied: the shop shows your answer under the review, and its author has it by e-mail.')
    expect(list).toContain('<summary>Change the reply</summary>')
    expect(list).toContain(`id="reply-${third.id}-${web.ann.id}"`)
    // the ones answered, or not yet
    const unanswered = await (await agent.get(`/admin/reviews?answered=no&productId=${third.id}`)).text()
    expect(unanswered).toContain('No review matches.')
    expect(unanswered).toContain('<option value="no" selected="">Not answered</option>')
    expect(await (await agent.get(`/admin/reviews?answered=yes&productId=${third.id}`)).text()).toContain(
      'Arrived dented',
    )
    const shop = await (await web.browser().get(`/products/${third.id}`)).text()
    expect(shop).toMatch(/<strong>Shopfront replied<\/strong> <span class="muted"><time datetime="[^"]+">/)
    expect(shop).toContain('<p>Sorry! Ask us for a new one.</p>')
    expect(await (await web.signedIn()).get('/account/reviews').then((r) => r.text())).toContain(
      'Sorry! Ask us for a new one.',
    )
    const tooLong = await agent.post('/admin/reviews/reply', { ...form, reply: 'x'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    const taken = await agent.post('/admin/reviews/reply', { ...form, reply: '  ' })
    expect(taken.headers.get('location')).toBe('/admin/reviews?done=unreplied')
    expect(await (await web.browser().get(`/products/${third.id}`)).text()).not.toContain('Shopfront replied')
  })

  it('When shoppers reported a review, then the list finds it with how many, and keeping it shown settles them', async () => {
    const fourth = { ...beans, id: crypto.randomUUID(), name: 'Reported Mug' }
    web.catalog.push(fourth)
    await annReviews(fourth, '3', 'Meh')
    const review = web.reviews.kept.find((r) => r.productId === fourth.id)
    const reasons = ['It is spam or advertising', '']
    for (const email of [web.newAccount().email, web.newAccount().email]) {
      const token = (await web.shop.login(email, 'correct-horse')).accessToken
      await web.shop.reportReview(token, review?.id ?? '', reasons.shift())
    }
    const reported = await (await agent.get('/admin/reviews?reported=yes')).text()
    expect(reported).toContain('Meh')
    expect(reported).toContain('<p class="down">Reported by 2 shoppers: It is spam or advertising</p>')
    expect(reported).toContain('<option value="yes" selected="">Reported by shoppers</option>')
    const kept = await agent.post('/admin/reviews/visibility', {
      productId: fourth.id,
      userId: web.ann.id,
      hidden: 'false',
      back: '/admin/reviews?reported=yes',
    })
    expect(await (await agent.follow(kept)).text()).toContain('Shown: the shop shows it (any reports of it settled).')
    expect(await (await agent.get('/admin/reviews?reported=yes')).text()).not.toContain('Meh')
  })

  it('When the form is tampered with or names no review, then nothing changes: a 400, or the list saying why', async () => {
    await annReviews(ethiopian, '5', 'Lovely')
    const form = { productId: ethiopian.id, userId: web.ann.id, hidden: 'true' }
    expect((await agent.post('/admin/reviews/visibility', { ...form, back: 'https://evil.example/' })).status).toBe(400)
    expect(
      (await agent.post('/admin/reviews/visibility', { ...form, hidden: 'maybe', back: '/admin/reviews' })).status,
    ).toBe(400)
    const unknown = await agent.post('/admin/reviews/visibility', { ...form, userId: 'nobody', back: '/admin/reviews' })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('Nothing changed: There is no such review.')
    expect(web.reviews.kept.find((r) => r.productId === ethiopian.id)?.hidden).toBe(false)
    // a customer is refused the page
    expect((await (await web.signedIn()).get('/admin/reviews')).status).toBe(403)
  })
})
