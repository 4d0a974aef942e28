import { documentedAnswers } from '@shopfront/kit/testing'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../openapi.ts'
import { startSales } from '../testing.ts'
import { firstName, ratingsOf } from '../contract.ts'
import { createReviewsRepo } from './reviews.repo.ts'

const sales = await startSales()
const { send, as } = sales
const documented = await documentedAnswers(openApiDocument)

/** A shopper with an order of one product (theirs alone, unless given) paid and delivered (unless said): their token, the product, the order. */
async function bought(delivered = true, productId?: string) {
  const { order, auth, userId, productIds } = await sales.paidOrder([{ unitPrice: 700, quantity: 2, productId }])
  if (delivered)
    for (const body of [{ status: 'shipped', trackingNumber: 'TRK-1' }, { status: 'delivered' }])
      await send('PATCH', `/api/orders/${order.id}/status`, { auth: as.admin, body })
  return { auth, userId, productId: productIds[0] ?? '', order }
}
const words = { rating: 4, title: 'Good beans', body: 'Smooth, a little sweet.' }

describe('reviews', () => {
  it('When a shopper writes a review of a product delivered to them, then the shop shows it under their first name with the ratings; written again, it is replaced', async () => {
    const { auth, productId } = await bought()
    expect((await send('GET', `/api/reviews/${productId}/mine`, { auth })).body).toEqual({
      review: null,
      canReview: true,
    })
    const written = await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: words })
    expect(written.status).toBe(200)
    expect(written.body).toMatchObject({ productId, author: 'Customer', ...words, hidden: false })
    expect(documented('put', '/api/reviews/{productId}/mine', 200, written.body)).toEqual([])
    await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: { rating: 2 } })

    const page = await send('GET', `/api/reviews/${productId}`)
    expect(page.body).toMatchObject({
      items: [{ productId, productName: expect.any(String), rating: 2, title: '', body: '' }],
      total: 1,
      ratings: { count: 1, average: 2, byStars: [0, 1, 0, 0, 0] },
    })
    expect(page.body.items[0]).not.toHaveProperty('userId')
    expect(documented('get', '/api/reviews/{productId}', 200, page.body)).toEqual([])
    const mine = await send('GET', '/api/reviews/mine', { auth })
    expect(mine.body).toMatchObject({ items: [{ productId, rating: 2 }], total: 1 })
    expect(documented('get', '/api/reviews/mine', 200, mine.body)).toEqual([])
  })

  it('When nothing with the product was delivered to the shopper, then writing is a 403 not_delivered and nothing is kept; a guest is a 401', async () => {
    const { auth, productId } = await bought(false)
    const refused = await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: words })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'not_delivered' })
    expect((await send('GET', `/api/reviews/${productId}/mine`, { auth })).body).toEqual({
      review: null,
      canReview: false,
    })
    expect((await send('PUT', `/api/reviews/${productId}/mine`, { body: words })).status).toBe(401)
    expect((await send('GET', `/api/reviews/${productId}`)).body.total).toBe(0)
  })

  it('When the ratings of many products are asked at once, then each comes back in the order asked, one without reviews with none; a bad list is a 400', async () => {
    const [first, second] = [await bought(), await bought()]
    await send('PUT', `/api/reviews/${first.productId}/mine`, { auth: first.auth, body: { rating: 5 } })
    const unrated = crypto.randomUUID()
    const res = await send('GET', `/api/reviews/ratings?productIds=${unrated},${first.productId},${unrated}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      items: [
        { productId: unrated, count: 0, average: null, byStars: [0, 0, 0, 0, 0] },
        { productId: first.productId, count: 1, average: 5, byStars: [0, 0, 0, 0, 1] },
      ],
    })
    expect(documented('get', '/api/reviews/ratings', 200, res.body)).toEqual([])
    // a hidden review counts no more
    await send('PATCH', `/api/reviews/${first.productId}/${first.userId}`, { auth: as.admin, body: { hidden: true } })
    const after = await send('GET', `/api/reviews/ratings?productIds=${first.productId},${second.productId}`)
    expect(after.body.items.map((r: { count: number }) => r.count)).toEqual([0, 0])
    const many = Array.from({ length: 101 }, () => crypto.randomUUID()).join(',')
    for (const query of ['', '?productIds=', '?productIds=nope', `?productIds=${many}`, `?productIds=${unrated}&x=1`])
      expect((await send('GET', `/api/reviews/ratings${query}`)).status, query).toBe(400)
  })

  it('When a review is sent wrong, then it is a 400 naming the field and nothing is kept', async () => {
    const { auth, productId } = await bought()
    for (const [body, field] of [
      [{ rating: 0 }, 'rating'],
      [{ rating: 6 }, 'rating'],
      [{ rating: 3.5 }, 'rating'],
      [{ title: 'No stars' }, 'rating'],
      [{ rating: 3, title: 'x'.repeat(121) }, 'title'],
      [{ rating: 3, body: 'x'.repeat(4001) }, 'body'],
      [{ rating: 3, stars: 3 }, ''],
    ] as const) {
      const res = await send('PUT', `/api/reviews/${productId}/mine`, { auth, body })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain(field)
    }
    expect((await send('PUT', '/api/reviews/not-a-product/mine', { auth, body: words })).status).toBe(400)
    expect((await send('GET', '/api/reviews/not-a-product')).status).toBe(400)
    expect((await send('GET', `/api/reviews/${productId}?limit=51`)).status).toBe(400)
    expect((await send('GET', `/api/reviews/${productId}/mine`, { auth })).body.review).toBeNull()
  })

  it('When staff hide a review, then the shop leaves it out of the list and the ratings; its author still sees it, hidden, also once rewritten; shown again, it is back', async () => {
    const { auth, userId, productId, order } = await bought()
    await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: words })
    const path = `/api/reviews/${productId}/${userId}`
    const hidden = await send('PATCH', path, { auth: as.support, body: { hidden: true } })
    expect(hidden.body).toMatchObject({ userId, orderId: order.id, orderNumber: order.number, hidden: true })
    expect(documented('patch', '/api/reviews/{productId}/{userId}', 200, hidden.body)).toEqual([])
    expect((await send('GET', `/api/reviews/${productId}`)).body).toMatchObject({
      total: 0,
      ratings: { count: 0, average: null },
    })
    await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: { ...words, rating: 5 } })
    expect((await send('GET', `/api/reviews/${productId}/mine`, { auth })).body.review).toMatchObject({
      rating: 5,
      hidden: true,
    })
    const list = await send('GET', `/api/reviews?hidden=true&productId=${productId}`, { auth: as.admin })
    expect(list.body).toMatchObject({ items: [{ userId, rating: 5, hidden: true }], total: 1 })
    expect(documented('get', '/api/reviews', 200, list.body)).toEqual([])
    expect((await send('GET', `/api/reviews?hidden=false&productId=${productId}`, { auth: as.admin })).body.total).toBe(
      0,
    )
    await send('PATCH', path, { auth: as.admin, body: { hidden: false } })
    expect((await send('GET', `/api/reviews/${productId}`)).body.ratings).toMatchObject({ count: 1, average: 5 })

    expect((await send('PATCH', path, { auth, body: { hidden: true } })).status).toBe(403)
    expect((await send('GET', '/api/reviews', { auth })).status).toBe(403)
    expect((await send('GET', '/api/reviews?rating=6', { auth: as.admin })).status).toBe(400)
    const nobody = `/api/reviews/${productId}/someone-else`
    expect((await send('PATCH', nobody, { auth: as.admin, body: { hidden: true } })).status).toBe(404)
  })

  it('When staff answer a review in public, then the shop shows the reply with its time under it, kept when the review is rewritten, until taken back', async () => {
    const { auth, userId, productId, order } = await bought()
    const answers = async () =>
      (await sales.outbox()).filter((m) => m.to_address === order.customer.email && m.subject.startsWith('We answered'))
    await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: words })
    const path = `/api/reviews/${productId}/${userId}`
    expect((await send('GET', `/api/reviews/${productId}`)).body.items[0]).toMatchObject({
      reply: null,
      repliedAt: null,
    })
    const replied = await send('PATCH', path, { auth: as.support, body: { reply: '  Thank you, Ann!  ' } })
    expect(replied.body).toMatchObject({ reply: 'Thank you, Ann!', repliedAt: expect.any(String), hidden: false })
    expect(documented('patch', '/api/reviews/{productId}/{userId}', 200, replied.body)).toEqual([])
    // its author is told, once an answer: by the address of the order the review came from
    const [told] = await answers()
    expect(told?.subject).toBe(`We answered your review of ${order.items[0].name}`)
    expect(told?.html_body).toContain('Shopfront Ltd, 1 Market St, Springfield</td>')
    expect(told?.text_body).toContain(
      `Thank you, Ann!\n\nSee both on the shop: http://shop.test/products/${productId}#reviews`,
    )
    await send('PATCH', path, { auth: as.support, body: { reply: 'Thank you, Ann!', hidden: false } })
    expect(await answers()).toHaveLength(1)
    // staff find the ones they answered, or not yet
    const listed = async (replied: boolean) =>
      (await send('GET', `/api/reviews?replied=${replied}&productId=${productId}`, { auth: as.admin })).body.total
    expect([await listed(true), await listed(false)]).toEqual([1, 0])
    await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: { rating: 5 } })
    const shown = (await send('GET', `/api/reviews/${productId}`)).body.items[0]
    expect(shown).toMatchObject({ rating: 5, reply: 'Thank you, Ann!', repliedAt: replied.body.repliedAt })
    expect((await send('GET', '/api/reviews/mine', { auth })).body.items[0].reply).toBe('Thank you, Ann!')
    // hiding it leaves the reply; an empty one takes it back
    expect((await send('PATCH', path, { auth: as.admin, body: { hidden: true } })).body.reply).toBe('Thank you, Ann!')
    const taken = await send('PATCH', path, { auth: as.admin, body: { reply: ' ', hidden: false } })
    expect(taken.body).toMatchObject({ reply: null, repliedAt: null, hidden: false })
    expect([await listed(true), await listed(false)]).toEqual([0, 1])
    expect(await answers()).toHaveLength(1)
    await send('PATCH', path, { auth: as.admin, body: { reply: 'A new roast is coming.' } })
    expect(await answers()).toHaveLength(2)
    await send('PATCH', path, { auth: as.admin, body: { reply: null } })
    // a change of nothing, or a reply too long, is a 400 and changes nothing
    expect((await send('PATCH', path, { auth: as.admin, body: {} })).status).toBe(400)
    const long = await send('PATCH', path, { auth: as.admin, body: { reply: 'x'.repeat(2001) } })
    expect(long.status).toBe(400)
    expect((await send('GET', `/api/reviews/${productId}`)).body.items[0].reply).toBeNull()
  })

  it('When shoppers report a review, then staff find it reported with how many; hiding or showing it settles the reports', async () => {
    const { auth, userId, productId } = await bought()
    const written = (await send('PUT', `/api/reviews/${productId}/mine`, { auth, body: words })).body
    const shown = (await send('GET', `/api/reviews/${productId}`)).body.items[0]
    expect(shown.id).toBe(written.id)
    const report = (who: string, body: object = {}) =>
      send('PUT', `/api/reviews/reports/${written.id}`, { auth: who, body })
    const [ann, bob] = [await sales.token('ann'), await sales.token('bob')]
    expect((await report(ann, { reason: 'It is about another product.' })).status).toBe(204)
    expect((await report(ann)).status).toBe(204)
    expect((await report(bob)).status).toBe(204)
    const reported = await send('GET', `/api/reviews?reported=true&productId=${productId}`, { auth: as.admin })
    expect(reported.body.items).toMatchObject([
      { id: written.id, userId, reports: 2, reportReasons: ['It is about another product.'] },
    ])
    expect(documented('get', '/api/reviews', 200, reported.body)).toEqual([])
    // not one's own, not one that is not there, not a guest, not a reason too long: nothing kept
    const own = await report(auth)
    expect(own.status).toBe(409)
    expect(documented('put', '/api/reviews/reports/{reviewId}', 409, own.body)).toEqual([])
    expect((await send('PUT', `/api/reviews/reports/${crypto.randomUUID()}`, { auth: ann, body: {} })).status).toBe(404)
    expect((await send('PUT', `/api/reviews/reports/${written.id}`, { body: {} })).status).toBe(401)
    expect((await report(ann, { reason: 'x'.repeat(501) })).status).toBe(400)
    // a review deleted between the check and the report is no review (a 404, not the database's error)
    expect(await createReviewsRepo(sales.db).report(crypto.randomUUID(), 'someone', '')).toBe(false)
    const mine = (await send('GET', `/api/reviews/${productId}/mine`, { auth })).body.review
    expect(mine).not.toHaveProperty('reports')
    expect(mine).not.toHaveProperty('reportReasons')
    // staff looked at it and left it shown: settled
    await send('PATCH', `/api/reviews/${productId}/${userId}`, { auth: as.support, body: { hidden: false } })
    expect(
      (await send('GET', `/api/reviews?reported=true&productId=${productId}`, { auth: as.admin })).body.total,
    ).toBe(0)
  })

  it('When a product’s reviews are asked with the most or fewest stars first, then they come so, the newest first among equals', async () => {
    const first = await bought()
    const { productId } = first
    const others = [await bought(true, productId), await bought(true, productId)]
    for (const [who, rating] of [
      [first, 3],
      [others[0], 5],
      [others[1], 3],
    ] as const)
      await send('PUT', `/api/reviews/${productId}/mine`, { auth: who?.auth, body: { rating } })
    const ratings = async (sort: string) =>
      (await send('GET', `/api/reviews/${productId}?sort=${sort}`)).body.items.map(
        (r: { rating: number; author: string; createdAt: string }) => r.rating,
      )
    expect(await ratings('newest')).toEqual([3, 5, 3])
    expect(await ratings('highest')).toEqual([5, 3, 3])
    expect(await ratings('lowest')).toEqual([3, 3, 5])
    // among equals the newest first: the third shopper's 3 before the first's
    const lowest = (await send('GET', `/api/reviews/${productId}?sort=lowest`)).body.items
    expect(Date.parse(lowest[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(lowest[1].createdAt))
    expect((await send('GET', `/api/reviews/${productId}?sort=best`)).status).toBe(400)
  })

  it('When a shopper deletes their review, or users has a deleted account forgotten, then it is gone', async () => {
    const first = await bought()
    await send('PUT', `/api/reviews/${first.productId}/mine`, { auth: first.auth, body: words })
    expect((await send('DELETE', `/api/reviews/${first.productId}/mine`, { auth: first.auth })).status).toBe(204)
    expect((await send('GET', `/api/reviews/${first.productId}`)).body.total).toBe(0)

    const second = await bought()
    await send('PUT', `/api/reviews/${second.productId}/mine`, { auth: second.auth, body: words })
    // and their reports of others' reviews
    const other = await bought()
    const theirs = (await send('PUT', `/api/reviews/${other.productId}/mine`, { auth: other.auth, body: words })).body
    await send('PUT', `/api/reviews/reports/${theirs.id}`, { auth: second.auth, body: {} })
    const forget = `/internal/users/${second.userId}/reviews`
    expect((await send('DELETE', forget, { auth: as.admin })).status).toBe(403)
    expect((await send('DELETE', forget, { auth: await as.service('users') })).status).toBe(204)
    expect((await send('GET', `/api/reviews/${second.productId}`)).body.total).toBe(0)
    const reportsOfOther = await send('GET', `/api/reviews?productId=${other.productId}`, { auth: as.admin })
    expect(reportsOfOther.body.items[0].reports).toBe(0)
  })

  it('When ratings are counted, then the average has one decimal and a product without reviews has none; an author is named by their first name', () => {
    expect(ratingsOf([])).toEqual({ count: 0, average: null, byStars: [0, 0, 0, 0, 0] })
    expect(
      ratingsOf([
        { rating: 5, count: 2 },
        { rating: 4, count: 1 },
      ]),
    ).toEqual({
      count: 3,
      average: 4.7,
      byStars: [0, 0, 0, 1, 2],
    })
    expect(firstName('  Ann  Example ')).toBe('Ann')
    expect(firstName(' ')).toBe('A customer')
  })
})
