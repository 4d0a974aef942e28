import { contractTest, present, refusal } from '@shopfront/kit/testing'
import { startSales } from '@shopfront/sales/testing'
import { expect, it } from 'vitest'
import type { Staff } from '../admin/staff.ts'
import { bare, fakePorts, portsToOne } from './contract-worlds.ts'
import type { Shop } from './shop.ts'

/** A shop whose reviews are asked about: shoppers with an order of a product of their own, delivered or not. */
interface ReviewsWorld {
  shop: Shop
  /** The back office's port, and a support agent's token for it. */
  staff: Staff
  staffToken: string
  /** A signed-in shopper with an order of a product no one else bought, delivered (or only paid): their token, the product. */
  buyer(delivered: boolean): Promise<{ token: string; productId: string }>
  /** Another signed-in shopper, who bought nothing: their token. */
  someoneElse(): Promise<string>
}

async function fakeWorld(): Promise<ReviewsWorld> {
  const { fake, ...ports } = await fakePorts()
  return {
    ...ports,
    staffToken: 'any (the fake asks no token)',
    async buyer(delivered) {
      const product = { ...present(fake.catalog[0], "the catalog's first product"), id: crypto.randomUUID() }
      fake.catalog.push(product)
      fake.orderIn(delivered ? 'delivered' : 'paid', product)
      const { accessToken } = await fake.shop.login(fake.ann.email, 'correct-horse')
      return { token: accessToken, productId: product.id }
    },
    async someoneElse() {
      const { email, password } = fake.newAccount()
      return (await fake.shop.login(email, password)).accessToken
    },
  }
}

async function realWorld(): Promise<ReviewsWorld> {
  const sales = await startSales()
  return {
    ...portsToOne('sales', sales.app),
    staffToken: bare(sales.as.support),
    async buyer(delivered) {
      const { order, auth, productIds } = await sales.paidOrder()
      if (delivered)
        for (const body of [{ status: 'shipped' }, { status: 'delivered' }])
          await sales.send('PATCH', `/api/orders/${order.id}/status`, { auth: sales.as.admin, body })
      return { token: bare(auth), productId: present(productIds[0], 'the order’s product') }
    },
    someoneElse: async () => bare(await sales.token(crypto.randomUUID())),
  }
}

const words = { rating: 4, title: 'Good', body: 'Does what it says.' }

contractTest('reviews', { fake: fakeWorld, real: realWorld }, (world) => {
  it('When a shopper reviews a product delivered to them, then the shop shows it with its ratings, theirs to read, rewrite and delete', async () => {
    const { shop, buyer } = await world
    const { token, productId } = await buyer(true)
    expect(await shop.myReview(token, productId)).toEqual({ review: null, canReview: true })
    await shop.writeReview(token, productId, words)
    await shop.writeReview(token, productId, { ...words, rating: 5 })
    const mine = (await shop.myReview(token, productId)).review
    expect(mine).toEqual({
      id: expect.any(String),
      productId,
      productName: expect.any(String),
      author: expect.any(String),
      ...words,
      rating: 5,
      hidden: false,
      reply: null,
      repliedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    })
    expect(await shop.reviews(productId, 1)).toEqual({
      items: [mine],
      total: 1,
      page: 1,
      limit: 10,
      ratings: { count: 1, average: 5, byStars: [0, 0, 0, 0, 1] },
    })
    expect((await shop.myReviews(token)).find((r) => r.productId === productId)).toEqual(mine)
    // ordered by stars, either way
    expect((await shop.reviews(productId, 1, 'lowest')).items).toEqual([mine])
    expect((await shop.reviews(productId, 1, 'highest')).items).toEqual([mine])
    const unrated = crypto.randomUUID()
    expect(await shop.ratings([unrated, productId])).toEqual([
      { productId: unrated, count: 0, average: null, byStars: [0, 0, 0, 0, 0] },
      { productId, count: 1, average: 5, byStars: [0, 0, 0, 0, 1] },
    ])
    expect(await shop.ratings([])).toEqual([])
    await shop.deleteReview(token, productId)
    await shop.deleteReview(token, productId)
    expect((await shop.reviews(productId, 1)).total).toBe(0)
  })

  it('When nothing with the product was delivered to the shopper, then writing is a 403 not_delivered', async () => {
    const { shop, buyer } = await world
    const { token, productId } = await buyer(false)
    expect(await shop.myReview(token, productId)).toEqual({ review: null, canReview: false })
    expect(await refusal(shop.writeReview(token, productId, words))).toMatchObject({
      status: 403,
      extras: { code: 'not_delivered' },
    })
  })

  it('When staff hide a review, then the shop leaves it out and its author sees it hidden; shown again, it is back', async () => {
    const { shop, staff, staffToken, buyer } = await world
    const { token, productId } = await buyer(true)
    await shop.writeReview(token, productId, words)
    const [listed] = (await staff.reviews(staffToken, { productId })).items
    expect(listed).toMatchObject({ productId, userId: expect.any(String), orderNumber: expect.any(String) })
    await staff.moderateReview(staffToken, productId, present(listed, 'the review').userId, { hidden: true })
    expect(await shop.reviews(productId, 1)).toMatchObject({ total: 0, ratings: { count: 0, average: null } })
    expect((await shop.myReview(token, productId)).review).toMatchObject({ hidden: true })
    expect((await staff.reviews(staffToken, { productId, hidden: 'true' })).total).toBe(1)
    expect((await staff.reviews(staffToken, { productId, hidden: 'false' })).total).toBe(0)
    await staff.moderateReview(staffToken, productId, present(listed, 'the review').userId, { hidden: false })
    expect((await shop.reviews(productId, 1)).total).toBe(1)
    expect(await refusal(staff.moderateReview(staffToken, productId, 'nobody', { hidden: true }))).toMatchObject({
      status: 404,
    })
  })

  it('When a shopper reports a review, then staff find it reported until they hide or show it; one’s own is a 409', async () => {
    const { shop, staff, staffToken, buyer, someoneElse } = await world
    const author = await buyer(true)
    const other = { token: await someoneElse() }
    await shop.writeReview(author.token, author.productId, words)
    const id = present((await shop.reviews(author.productId, 1)).items[0], 'the review').id
    await shop.reportReview(other.token, id, 'Not about the product.')
    await shop.reportReview(other.token, id)
    const [reported] = (await staff.reviews(staffToken, { productId: author.productId, reported: 'true' })).items
    expect(reported).toMatchObject({ id, reports: 1, reportReasons: ['Not about the product.'] })
    expect(await refusal(shop.reportReview(author.token, id))).toMatchObject({ status: 409 })
    expect(await refusal(shop.reportReview(other.token, crypto.randomUUID()))).toMatchObject({ status: 404 })
    await staff.moderateReview(staffToken, author.productId, present(reported, 'the review').userId, { hidden: false })
    expect((await staff.reviews(staffToken, { productId: author.productId, reported: 'true' })).total).toBe(0)
  })

  it('When staff answer a review, then the shop shows the reply and when it came; an empty one takes it back', async () => {
    const { shop, staff, staffToken, buyer } = await world
    const { token, productId } = await buyer(true)
    await shop.writeReview(token, productId, words)
    const userId = present((await staff.reviews(staffToken, { productId })).items[0], 'the review').userId
    expect((await shop.reviews(productId, 1)).items[0]).toMatchObject({ reply: null, repliedAt: null })
    await staff.moderateReview(staffToken, productId, userId, { reply: 'Thank you!' })
    expect((await shop.reviews(productId, 1)).items[0]).toMatchObject({
      reply: 'Thank you!',
      repliedAt: expect.any(String),
    })
    expect((await shop.myReviews(token))[0]?.reply).toBe('Thank you!')
    // the same reply again keeps its time
    const { repliedAt } = present((await shop.reviews(productId, 1)).items[0], 'the review')
    await Bun.sleep(5)
    await staff.moderateReview(staffToken, productId, userId, { reply: 'Thank you!' })
    expect((await shop.reviews(productId, 1)).items[0]?.repliedAt).toBe(repliedAt)
    expect((await staff.reviews(staffToken, { productId, replied: 'true' })).total).toBe(1)
    expect((await staff.reviews(staffToken, { productId, replied: 'false' })).total).toBe(0)
    await staff.moderateReview(staffToken, productId, userId, { reply: '' })
    expect((await shop.reviews(productId, 1)).items[0]).toMatchObject({ reply: null, repliedAt: null })
  })
})
