import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const [beans, ethiopian, moka] = web.catalog
type Browser = ReturnType<typeof web.browser>
const page = async (browser: Browser, id: string) => (await browser.get(`/products/${id}`)).text()
const keptOf = (productId: string) => web.reviews.kept.filter((r) => r.productId === productId)
/** A product of the test's own, delivered to Ann, who reviewed it (signed in: her browser). */
async function reviewedByAnn(name: string, rating: string, title: string) {
  const product = { ...beans, id: crypto.randomUUID(), name }
  web.catalog.push(product)
  web.orderIn('delivered', product)
  const ann = await web.signedIn()
  await ann.post(`/products/${product.id}/review`, { rating, title, body: '' })
  return { product, ann }
}

describe('reviews', () => {
  it('When a shopper it was delivered to reviews a product, then the page shows it under their first name with the ratings; they change it, then delete it', async () => {
    const order = web.orderIn('delivered', beans)
    expect(await page(web.browser(), beans.id)).toContain('No reviews yet.')
    expect(await page(web.browser(), beans.id)).toContain('Bought it here? <a href="/signin?next=')
    const browser = await web.signedIn()
    expect(await page(browser, beans.id)).toContain(
      `<a class="button" href="/products/${beans.id}/review">Write a review</a>`,
    )
    // the delivered order's page leads there too; an order on its way does not yet
    const review = `<a href="/products/${beans.id}/review">Review<span class="visually-hidden"> ${beans.name}</span></a>`
    expect(await (await browser.get(`/orders/${order.id}`)).text()).toContain(review)
    expect(await (await browser.get(`/orders/${web.orderIn('shipped').id}`)).text()).not.toContain('Your review')
    expect((await browser.get(`/products/${beans.id}/review`)).status).toBe(200)

    const unrated = await browser.post(`/products/${beans.id}/review`, { title: 'Nice', body: '' })
    expect(unrated.status).toBe(400)
    expect(await unrated.text()).toContain('choose 1 to 5 stars')
    expect(keptOf(beans.id)).toEqual([])

    const sent = await browser.post(`/products/${beans.id}/review`, { rating: '4', title: 'Nice', body: 'Smooth.' })
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toBe(`/products/${beans.id}?reviewed=1#reviews`)
    const shown = await (await browser.follow(sent)).text()
    // thanked; the stars, the ratings, the review under Ann's first name, and a way to change it
    for (const said of [
      'Thank you: your review is saved.',
      'aria-label="4 out of 5 stars"',
      '<strong>4 out of 5</strong> · 1 review',
      '<strong>Nice</strong>',
      'Ann, ',
      'Change or delete your review</a>',
    ])
      expect(shown).toContain(said)
    // the form again holds what was written
    const again = await (await browser.get(`/products/${beans.id}/review`)).text()
    expect(again).toContain('value="4" checked')
    expect(again).toContain('Smooth.</textarea>')
    expect(again).toContain('Delete your review</button>')

    // the account lists it, with a way back to it
    const account = await (await browser.get('/account')).text()
    expect(account).toContain('<a href="/account/reviews">Your reviews</a>')
    const listed = await (await browser.get('/account/reviews')).text()
    expect(listed).toContain(`<a href="/products/${beans.id}">${beans.name}</a>`)
    expect(listed).toContain(`<a href="/products/${beans.id}/review">Change or delete`)
    expect((await web.browser().get('/account/reviews')).headers.get('location')).toContain('/signin?next=')

    const deleted = await browser.post(`/products/${beans.id}/review/delete`, {})
    expect(deleted.headers.get('location')).toBe(`/products/${beans.id}?reviewDeleted=1#reviews`)
    expect(await (await browser.follow(deleted)).text()).toContain('Your review is deleted.')
    expect(keptOf(beans.id)).toEqual([])
    expect(await (await browser.get('/account/reviews')).text()).not.toContain(`/products/${beans.id}/review`)
  })

  it('When nothing with the product was delivered to the shopper, then the page offers no review and writing one is refused, nothing kept', async () => {
    const browser = await web.signedIn()
    expect(await page(browser, moka.id)).not.toContain('Write a review')
    expect((await browser.get(`/products/${moka.id}/review`)).status).toBe(403)
    const refused = await browser.post(`/products/${moka.id}/review`, { rating: '5', title: '', body: '' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('once an order of yours with it was delivered')
    expect(keptOf(moka.id)).toEqual([])
    expect((await browser.post(`/products/${moka.id}/review`, { rating: '9', title: '', body: '' })).status).toBe(400)
    expect((await browser.get('/products/not-a-product/review')).status).toBe(404)
    // a guest is sent to sign in first
    expect((await web.browser().get(`/products/${moka.id}/review`)).headers.get('location')).toContain('/signin?next=')
  })

  it('When a product has more reviews than a page, then the rest are a link away; a hidden one is left out, its author told', async () => {
    web.orderIn('delivered', ethiopian)
    const browser = await web.signedIn()
    await browser.post(`/products/${ethiopian.id}/review`, { rating: '2', title: 'Too sour', body: '' })
    const at = new Date(2026, 0, 1).toISOString()
    for (let i = 1; i <= 11; i++)
      web.reviews.kept.push({
        ...web.reviews.kept[0],
        userId: `someone-${i}`,
        author: `Shopper${i}`,
        rating: 5,
        title: `Review ${i}`,
        createdAt: at,
      } as (typeof web.reviews.kept)[number])
    const full = await page(web.browser(), ethiopian.id)
    expect(full).toContain('<strong>4.8 out of 5</strong> · 12 reviews')
    expect(full).toContain(`<a href="/products/${ethiopian.id}/reviews?page=2">More reviews (12 in all)</a>`)
    expect(full).toContain(`<a href="/products/${ethiopian.id}/reviews?sort=lowest">The fewest stars first</a>`)
    const second = await (await web.browser().get(`/products/${ethiopian.id}/reviews?page=2`)).text()
    expect(second).toContain('Review 10')
    expect(second).toContain('Review 11')
    expect(second).not.toContain('Review 9<')
    // the most (or fewest) stars first, the order kept by the pages
    const highest = await (await web.browser().get(`/products/${ethiopian.id}/reviews?sort=highest`)).text()
    expect(highest).toContain(
      `<a href="/products/${ethiopian.id}/reviews?sort=highest" aria-current="page">Most stars</a>`,
    )
    expect(highest).toContain(`href="/products/${ethiopian.id}/reviews?sort=highest&amp;page=2"`)
    const starsShown = [...highest.matchAll(/aria-label="(\d) out of 5 stars"/g)].map((m) => Number(m[1]))
    expect(starsShown.slice(1)).toEqual(starsShown.slice(1).toSorted((a, b) => b - a))
    // an order it does not know is the newest first
    expect((await web.browser().get(`/products/${ethiopian.id}/reviews?sort=best`)).status).toBe(200)

    await web.staff.moderateReview('any', ethiopian.id, web.ann.id, { hidden: true })
    expect(await page(web.browser(), ethiopian.id)).not.toContain('Too sour')
    expect(await page(browser, ethiopian.id)).toContain('(our staff hid your review from the shop)')
    // the shop's answer, on the author's form too, where they change their review
    await web.staff.moderateReview('any', ethiopian.id, web.ann.id, { reply: 'We roast it lighter now.' })
    const form = await (await browser.get(`/products/${ethiopian.id}/review`)).text()
    expect(form).toContain('<p>We roast it lighter now.</p>')
    expect(form).toContain('Our answer stays under your review when you change it.')
  })

  it('When another shopper reports a review, then staff see it reported; its author, and a guest, get no Report button', async () => {
    const { product: lamp, ann } = await reviewedByAnn('Reported Lamp', '1', 'Rubbish')
    const id = keptOf(lamp.id)[0]?.id
    const action = `/products/${lamp.id}/reviews/${id}/report`
    expect(await page(ann, lamp.id)).not.toContain(action)
    expect(await page(web.browser(), lamp.id)).not.toContain(action)
    const other = await web.signedIn(web.newAccount().email)
    const offered = await page(other, lamp.id)
    expect(offered).toContain(`<form method="post" action="${action}">`)
    expect(offered).toContain('<option value="offensive">It is offensive or abusive</option>')
    // why is one of the page's: anything else is a 400, nothing kept
    expect((await other.post(action, { reason: 'because' })).status).toBe(400)
    expect(keptOf(lamp.id)[0]?.reports).toBe(0)
    const reported = await other.post(action, { reason: 'offensive' })
    expect(reported.headers.get('location')).toBe(`/products/${lamp.id}?reported=1#reviews`)
    expect(await other.text(await other.follow(reported))).toContain('Thank you: our staff will look at that review.')
    expect(keptOf(lamp.id)[0]).toMatchObject({ reports: 1, reportReasons: ['It is offensive or abusive'] })
    // a review that is not there, and a bad id: nothing kept, a 404 page
    const elsewhere = (id: string) => other.post(`/products/${lamp.id}/reviews/${id}/report`, { reason: 'spam' })
    expect((await elsewhere(crypto.randomUUID())).status).toBe(404)
    expect((await elsewhere('not-an-id')).status).toBe(404)
  })

  it('When a product is rated, then its card says so with its stars and how many reviews, in the catalog', async () => {
    const { product: mug } = await reviewedByAnn('Starry Mug', '5', '')
    const found = await (await web.browser().get('/products?q=starry')).text()
    const card = found.slice(found.indexOf(`<a href="/products/${mug.id}"`))
    expect(card).toContain('aria-label="5 out of 5 stars"')
    expect(card).toContain('(1<span class="visually-hidden"> review</span>)')
    // a product nobody reviewed has no stars on its card
    const unrated = await (await web.browser().get('/products?q=moka')).text()
    expect(unrated).not.toContain('card-rating')
  })

  it('When sales cannot be reached, then the product page still opens and says the reviews cannot be shown just now', async () => {
    await web.whileDown('sales', async () => {
      const res = await web.browser().get(`/products/${beans.id}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('Reviews cannot be shown just now.')
    })
  })
})
