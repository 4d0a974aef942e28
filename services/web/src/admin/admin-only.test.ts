import { describe, expect, it } from 'vitest'
import { aPicture, startWeb } from '../testing.ts'

const web = await startWeb()
const admin = await web.signedIn('admin@example.com')
const orderOf = web.orderIn

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
    expect(badPage).toMatch(/id="f-images-error"[^>]*>one address a line: an uploaded picture’s, or a web address/)
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

  it('When an admin uploads pictures with the product form, then they join its pictures (lists show the small one); a file that is no picture is said beside the field, and what was uploaded before it stays in the form', async () => {
    const product = web.catalog[1]
    const form = { name: product.name, description: '', price: '12.00', categoryId: '', active: '1', attributes: '' }
    const photo = new File([aPicture], 'front.png', { type: 'image/png' })
    const saved = await admin.post(`/admin/products/${product.id}`, {
      ...form,
      images: 'https://pictures.example/side.jpg',
      upload: [photo],
    })
    expect(saved.headers.get('location')).toBe(`/admin/products/${product.id}?done=saved`)
    const [uploaded] = web.office.uploaded
    const url = `/api/products/images/${uploaded}.webp`
    expect(product.images).toEqual(['https://pictures.example/side.jpg', url])
    const page = await (await admin.follow(saved)).text()
    expect(page).toContain('enctype="multipart/form-data"')
    expect(page).toContain(`<img src="/api/products/images/${uploaded}-small.webp" alt="${product.name} (2 of 2)"`)

    product.images.reverse()
    const list = await (await web.browser().get('/products')).text()
    expect(list).toContain(`src="/api/products/images/${uploaded}-small.webp"`)
    // the back office's catalog names each product with its picture (the shop's drawing where it has none)
    const catalog = await (await admin.get('/admin/products')).text()
    expect(catalog).toContain(`<img src="/api/products/images/${uploaded}-small.webp" alt=""`)
    expect(catalog).toContain(`<img src="/images/products/${web.catalog[0].sku}.svg" alt=""`)
    // its page shows the large one (sharp on a phone's dense screen too)
    expect(await (await web.browser().get(`/products/${product.id}`)).text()).toContain(
      `src="${url}" alt="${product.name}"`,
    )

    const notes = new File(['not a picture'], 'notes.txt', { type: 'text/plain' })
    const refused = await admin.post(`/admin/products/${product.id}`, {
      ...form,
      images: url,
      upload: [new File([aPicture, 'x'], 'back.png', { type: 'image/png' }), notes],
    })
    expect(refused.status).toBe(415)
    const refusedPage = await refused.text()
    expect(refusedPage).toMatch(/id="f-upload-error"[^>]*>notes.txt: A picture must be a JPEG, PNG/)
    // the picture uploaded before the refused file is in the form, to be saved with the next try
    expect(refusedPage).toMatch(new RegExp(`${url}\n/api/products/images/[0-9a-f]{64}.webp</textarea>`))
    expect(product.images).toEqual([url, 'https://pictures.example/side.jpg'])

    const uploads = web.office.uploaded.length
    const many = await admin.post(`/admin/products/${product.id}`, {
      ...form,
      upload: Array.from({ length: 11 }, (_, i) => new File([aPicture], `${i}.png`, { type: 'image/png' })),
    })
    expect(many.status).toBe(400)
    expect(await many.text()).toMatch(/id="f-upload-error"[^>]*>11 files: at most 10 pictures at once/)
    expect(web.office.uploaded.length).toBe(uploads)
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
    // the history shows the delivery, and what an order took, named by its number, with a link to the order
    const order = orderOf('paid')
    const page = await (await admin.follow(done)).text()
    expect(page).toMatch(/<td[^>]*>\+5<\/td>/)
    expect(page).toContain(`<a href="/admin/orders/${order.id}">order ${order.number}</a>`)
  })

  it('When shoppers wait for a product sold out, then its page in the back office says how many and since when, and the dashboard names it; none, they say nothing', async () => {
    const moka = web.catalog[2]
    const page = async () => (await admin.get(`/admin/products/${moka.id}`)).text()
    expect(await page()).not.toContain('waiting')
    const ann = await web.signedIn()
    await ann.post(`/products/${moka.id}/alert`, { action: 'watch' })
    const told = await page()
    expect(told).toContain('<strong>1 shopper waiting</strong> for it to be back (since <time datetime=')
    expect(told).toContain('each is e-mailed once it can be bought.')
    // the dashboard names what shoppers wait for most, for an admin (restocking is theirs)
    const dashboard = await (await admin.get('/admin')).text()
    expect(dashboard).toContain('<h2 id="awaited">Most awaited</h2>')
    expect(dashboard).toContain(
      `<a href="/admin/products/${moka.id}">Moka Pot</a> <span class="muted">1 shopper waiting</span>`,
    )
    const agent = await web.signedIn('agent@example.com')
    expect(await (await agent.get('/admin')).text()).not.toContain('Most awaited')
    await ann.post(`/products/${moka.id}/alert`, { action: 'stop' })
    expect(await page()).not.toContain('waiting')
    expect(await (await admin.get('/admin')).text()).not.toContain('Most awaited')
  })

  it('When an admin opens a product, the catalog or a category, then reservations held, the active filter and the category form are there', async () => {
    const product = await (await admin.get(`/admin/products/${web.catalog[1].id}`)).text()
    // an order sales cannot find is named by its id
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
    // the only test here that makes promotions: before it, the list says there are none
    expect(await (await admin.get('/admin/promotions')).text()).toContain('No promotions yet.')
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
    // the list says where its campaign is in words, as the promotion's page does
    expect(await (await admin.get('/admin/promotions')).text()).toContain('<td>Not sent yet</td>')
    const preview = await admin.get(`${path}/preview`)
    expect(preview.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'")
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    const asked = await (await admin.get(`${path}/send`)).text()
    expect(asked).toContain('Send &quot;Spring&quot; to every opted-in customer?')
    expect(asked).not.toContain('no postal address')
    // with no postal address of the seller's (shop.seller.address), the question says the e-mail lacks one
    const { shop } = web.config.current
    web.config.set({ ...web.config.current, shop: { ...shop, seller: { ...shop.seller, address: '' } } })
    expect(await (await admin.get(`${path}/send`)).text()).toContain('It names no postal address of yours')
    web.config.set({ ...web.config.current, shop })
    await admin.post(`${path}/send`, {})
    expect(web.office.sent).toHaveLength(1)

    // free delivery: no amount asked, none taken
    const noAmount = await admin.post('/admin/promotions', { ...form, code: 'SHIPFREE', kind: 'shipping', value: '5' })
    expect(noAmount.status).toBe(400)
    expect(await noAmount.text()).toContain('nothing here: free delivery takes no amount')
    expect((await admin.post('/admin/promotions', { ...form, kind: 'amount', value: '' })).status).toBe(400)
    const free = await admin.post('/admin/promotions', { ...form, code: 'SHIPFREE', kind: 'shipping', value: '' })
    const freePage = await (await admin.get(admin.redirectOf(free).split('?')[0])).text()
    expect(freePage).toContain('Free delivery')
    expect(await (await admin.get('/admin/promotions')).text()).toContain('Free delivery')
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
    // an account whose e-mail is not verified yet says so in the list
    const everyone = await (await admin.get('/admin/users')).text()
    expect(everyone).toContain('newcomer@example.com</a><span class="muted"> (not verified)</span>')
    expect(everyone).not.toContain(`${web.ann.email}</a><span class="muted">`)
    // a deleted one says so, and its page offers nothing to change
    expect(everyone).toContain('@deleted.invalid</a><span class="down"> (deleted)</span>')
    const deleted = await (await admin.get('/admin/users/20000000-0000-4000-8000-0000000000b2')).text()
    expect(deleted).toContain('Deleted on')
    expect(deleted).not.toContain('Save roles')
    expect(deleted).not.toContain('Enable the account')
    // a customer who asked: deleted for them, after a question; a staff account offers no such button
    const newcomer = '20000000-0000-4000-8000-0000000000b1'
    expect(await (await admin.get(`/admin/users/${newcomer}`)).text()).toContain(
      `href="/admin/users/${newcomer}/delete"`,
    )
    expect(await (await admin.get(`/admin/users/${newcomer}/delete`)).text()).toContain(
      'Delete the account of newcomer@example.com?',
    )
    const gone = await admin.post(`/admin/users/${newcomer}/delete`, {})
    expect(gone.headers.get('location')).toBe(`/admin/users/${newcomer}?done=deleted`)
    const after = await (await admin.get(`/admin/users/${newcomer}?done=deleted`)).text()
    expect(after).toContain('Deleted: the personal data is erased')
    expect(after).toContain('Deleted on')
    expect(await (await admin.get(`/admin/users/${web.ann.id}`)).text()).not.toContain('/delete"')
    expect((await admin.get('/admin/users?role=root')).status).toBe(200)
    expect(await (await admin.get(`/admin/users/${web.ann.id}/disable`)).text()).toContain(
      'Every session of the account ends within seconds',
    )
  })
})
