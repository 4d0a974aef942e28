import { card } from '@shopfront/sales/testing'
import { contractTest, refusal, present } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'
import { aPicture } from '../testing.ts'
import { fakeWorld, realOnce } from './contract-worlds.ts'
import { deliveryTerms, mediumPictureOf, smallPictureOf, uploadedPictureUrl } from './schemas.ts'

const guest = () => ({ guestId: crypto.randomUUID() })

contractTest('the web shop', { fake: fakeWorld, real: realOnce }, (world) => {
  it('When a product is unknown, then the shop has none (no error page)', async () => {
    const { shop } = await world
    expect(await shop.product(crypto.randomUUID())).toBeUndefined()
  })

  it('When a guest adds more than is available, then it is a 409 naming what is available, and the cart keeps what it had', async () => {
    const { shop, productWith } = await world
    const [owner, productId] = [guest(), await productWith(3)]
    await shop.addToCart(owner, productId, 2)
    expect(await refusal(shop.addToCart(owner, productId, 2))).toMatchObject({
      status: 409,
      extras: { productId, available: 3 },
    })
    expect((await shop.cart(owner)).items).toMatchObject([{ productId, quantity: 2, status: 'ok' }])
  })

  it('When a category’s products to be had now are asked for, then the sold-out one is left out', async () => {
    const { shop, categoryWith } = await world
    const { slug, ids } = await categoryWith([3, 0])
    const found = (await shop.search({ category: slug, inStock: 'true', limit: '50' })).items.map((p) => p.id)
    expect(found).toContain(ids[0])
    expect(found).not.toContain(ids[1])
    expect((await shop.search({ category: slug, limit: '50' })).items.map((p) => p.id)).toEqual(
      expect.arrayContaining(ids),
    )
  })

  it('When staff import products by SKU, then a new one is made and a known one changed; an unknown category is a 422 naming the product', async () => {
    const { staff, adminToken, categoryWith } = await world
    const { slug } = await categoryWith([3])
    const sku = `I-${crypto.randomUUID().slice(0, 8)}`
    const row = { sku, name: 'Imported', price: { amount: 500, currency: 'USD' }, category: slug, stock: 4 }
    expect(await staff.importProducts(adminToken, [row])).toEqual({ created: 1, updated: 0 })
    const changed = { ...row, price: { amount: 600, currency: 'USD' } }
    expect(await staff.importProducts(adminToken, [changed])).toEqual({ created: 0, updated: 1 })
    const lost = staff.importProducts(adminToken, [changed, { ...row, sku: `${sku}-2`, category: 'no-such-category' }])
    expect(await refusal(lost)).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'products.1.category', message: 'no category no-such-category' }] },
    })
    // a dry run: the same refusal, or what an import would do, and nothing done
    const lostCheck = staff.importProducts(adminToken, [{ ...row, sku: `${sku}-2`, category: 'nowhere' }], {
      dryRun: true,
    })
    expect(await refusal(lostCheck)).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'products.0.category' }] },
    })
    const fresh = { ...row, sku: `${sku}-3` }
    expect(await staff.importProducts(adminToken, [changed, fresh], { dryRun: true })).toEqual({
      created: 1,
      updated: 1,
    })
    expect(await staff.importProducts(adminToken, [fresh])).toEqual({ created: 1, updated: 0 })
  })

  it('When staff import customers, then a new e-mail gets an account, one that has an account is left as it is, and one whose account was deleted is passed over', async () => {
    const { staff, adminToken } = await world
    const email = `imported-${crypto.randomUUID().slice(0, 8)}@example.com`
    const rows = [{ email, name: 'Imported' }]
    expect(await staff.importCustomers(adminToken, rows, false)).toEqual({ created: 1, existing: 0, erased: 0 })
    const again = [...rows, { email: `also-${crypto.randomUUID().slice(0, 8)}@example.com`, name: 'Also' }]
    expect(await staff.importCustomers(adminToken, again, false)).toEqual({ created: 1, existing: 1, erased: 0 })
    const imported = (await staff.users(adminToken, { q: email })).items.find((u) => u.email === email)
    await staff.deleteUser(adminToken, present(imported, email).id)
    expect(await staff.importCustomers(adminToken, rows, false)).toEqual({ created: 0, existing: 0, erased: 1 })
  })

  it('When a guest adds a product that is not sold, then it is a 422 beside productId', async () => {
    const { shop } = await world
    expect(await refusal(shop.addToCart(guest(), crypto.randomUUID(), 1))).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'productId' }] },
    })
  })

  it('When a guest removes what is not in the cart, then it is a 404', async () => {
    const { shop, productWith } = await world
    expect(await refusal(shop.removeFromCart(guest(), await productWith(3)))).toMatchObject({ status: 404 })
  })

  it("When a guest's cart is merged at sign-in, then its lines move and the guest's cart is empty", async () => {
    const { shop, productWith } = await world
    const owner = guest()
    await shop.addToCart(owner, await productWith(3), 1)
    expect(await shop.mergeGuestCart(owner.guestId, crypto.randomUUID())).toEqual({ merged: 1, skipped: 0 })
    expect((await shop.cart(owner)).items).toEqual([])
  })

  it('When someone signs in with a wrong password, then it is a 401; with the right one, the tokens open their profile', async () => {
    const { shop, account } = await world
    const { email, password } = await account()
    expect(await refusal(shop.login(email, 'not the password'))).toMatchObject({ status: 401 })
    const tokens = await shop.login(email, password)
    expect(await shop.me(tokens.accessToken)).toMatchObject({ email, roles: ['customer'] })
  })

  it('When a profile changes, then what was sent is kept and the rest stays; a bad phone is a 400 beside it', async () => {
    const { shop, account } = await world
    const { email, password } = await account()
    const { accessToken } = await shop.login(email, password)
    const address = { line1: '1 Elm St', city: 'Springfield', postalCode: '12345', country: 'US' }
    const change = { name: 'Pat Doe', phone: '+1 555 0100', shippingAddress: address, marketingOptIn: true }
    expect(await shop.updateMe(accessToken, change)).toMatchObject({ email, ...change })
    expect(await shop.updateMe(accessToken, { phone: null })).toMatchObject({ name: 'Pat Doe', phone: null })
    expect(await shop.me(accessToken)).toMatchObject({ shippingAddress: address, marketingOptIn: true })
    expect(await refusal(shop.updateMe(accessToken, { phone: 'call me' }))).toMatchObject({
      status: 400,
      extras: { errors: [{ path: 'phone' }] },
    })
  })

  it('When someone registers a taken e-mail, then it is a 409 beside the email field', async () => {
    const { shop, account } = await world
    const { email } = await account()
    expect(await refusal(shop.register({ email, password: 'a long new secret', name: 'Again' }))).toMatchObject({
      status: 409,
      extras: { errors: [{ path: 'email' }] },
    })
  })

  it('When an e-mail is verified with a wrong code, then it is a 422 beside the code', async () => {
    const { shop, account } = await world
    const { email } = await account()
    expect(await refusal(shop.verify(email, '000000'))).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'code' }] },
    })
  })

  it('When a newcomer verifies with the right code, then they are signed in: the tokens name them', async () => {
    const { shop, verifyCode } = await world
    const email = `new-${crypto.randomUUID().slice(0, 8)}@example.com`
    await shop.register({ email, password: 'a long new secret', name: 'Newcomer' })
    const tokens = await shop.verify(email, await verifyCode(email))
    expect(await shop.me(present(tokens, 'the tokens').accessToken)).toMatchObject({ email, name: 'Newcomer' })
    expect(await refusal(shop.verify(email, await verifyCode(email)))).toMatchObject({ status: 422 })
  })

  it('When a password is changed with a wrong current one, then it is a 400 beside currentPassword; with the right one, only the new one signs in', async () => {
    const { shop, account } = await world
    const { email, password } = await account()
    const { accessToken } = await shop.login(email, password)
    const newPassword = 'a long new secret'
    expect(await refusal(shop.changePassword(accessToken, { currentPassword: 'not it', newPassword }))).toMatchObject({
      status: 400,
      extras: { errors: [{ path: 'currentPassword' }] },
    })
    await shop.changePassword(accessToken, { currentPassword: password, newPassword })
    expect(await refusal(shop.login(email, password))).toMatchObject({ status: 401 })
    expect(await shop.me((await shop.login(email, newPassword)).accessToken)).toMatchObject({ email })
  })

  it('When an account is deleted with a wrong password, then it is a 400 beside password; with the right one, it no longer signs in', async () => {
    const { shop, account } = await world
    const { email, password } = await account()
    const { accessToken } = await shop.login(email, password)
    expect(await refusal(shop.deleteAccount(accessToken, 'not it'))).toMatchObject({
      status: 400,
      extras: { errors: [{ path: 'password' }] },
    })
    await shop.deleteAccount(accessToken, password)
    expect(await refusal(shop.login(email, password))).toMatchObject({ status: 401 })
  })

  it('When a password reset has a wrong code, then it is a 422 beside the code; a common password is a 400 beside it', async () => {
    const { shop, account, resetCode } = await world
    const { email } = await account()
    await shop.requestPasswordReset(email)
    const code = await resetCode(email)
    const wrong = code === '111111' ? '222222' : '111111'
    expect(await refusal(shop.resetPassword({ email, code: wrong, newPassword: 'a long new secret' }))).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'code' }] },
    })
    expect(await refusal(shop.resetPassword({ email, code, newPassword: 'password123' }))).toMatchObject({
      status: 400,
      extras: { errors: [{ path: 'newPassword' }] },
    })
  })
})

contractTest('the back office', { fake: fakeWorld, real: realOnce }, (world) => {
  it('When an admin opens an unknown product, then it is a 404', async () => {
    const { staff, adminToken } = await world
    expect(await refusal(staff.product(adminToken, crypto.randomUUID()))).toMatchObject({ status: 404 })
  })

  it('When stock would go below none, then it is a 409 and nothing changes; a delivery adds to what is available', async () => {
    const { staff, adminToken, productWith } = await world
    const scarce = await productWith(3)
    expect(await refusal(staff.adjustStock(adminToken, scarce, -4, 'counted wrong'))).toMatchObject({ status: 409 })
    expect(await staff.product(adminToken, scarce)).toMatchObject({ available: 3, stock: { onHand: 3 } })
    const plenty = await productWith(40)
    await staff.adjustStock(adminToken, plenty, 2, 'a delivery')
    expect(await staff.product(adminToken, plenty)).toMatchObject({ available: 42, stock: { onHand: 42 } })
    expect((await staff.movements(adminToken, plenty, 1)).items[0]).toMatchObject({
      delta: 2,
      reason: 'a delivery',
      orderId: null,
      onHandAfter: 42,
    })
  })
})

contractTest('the catalog in the back office', { fake: fakeWorld, real: realOnce }, (world) => {
  it('When an admin changes a product’s pictures and attributes, then products keeps them as sent', async () => {
    const { staff, adminToken, productWith } = await world
    const id = await productWith(3)
    const change = {
      images: ['https://pictures.example/a.jpg', 'https://pictures.example/b.jpg'],
      attributes: { roast: 'dark', grams: 500, decaf: false },
    }
    expect(await staff.updateProduct(adminToken, id, change)).toMatchObject(change)
    expect(await staff.product(adminToken, id)).toMatchObject(change)
  })
})

contractTest('pictures in the back office', { fake: fakeWorld, real: realOnce }, (world) => {
  it('When an admin uploads a picture and names it on a product, then products keeps it there; a file that is no picture is a 415, and a picture never uploaded a 400 beside images', async () => {
    const { staff, adminToken, productWith } = await world
    const id = await productWith(3)
    const picture = await staff.uploadPicture(adminToken, new Blob([aPicture], { type: 'image/png' }))
    expect(picture.url).toMatch(uploadedPictureUrl)
    expect(picture.smallUrl).toBe(smallPictureOf(picture.url))
    expect(picture.mediumUrl).toBe(mediumPictureOf(picture.url))
    expect(await staff.updateProduct(adminToken, id, { images: [picture.url] })).toMatchObject({
      images: [picture.url],
    })
    // named a picture or not (a browser guesses the type from the file's name), the bytes decide
    for (const type of ['image/png', 'text/plain', ''])
      expect(await refusal(staff.uploadPicture(adminToken, new Blob(['not a picture'], { type })))).toMatchObject({
        status: 415,
        detail: 'A picture must be a JPEG, PNG, WebP, GIF, AVIF or HEIF image.',
      })
    const never = `/api/products/images/${'c'.repeat(64)}.webp`
    expect(await refusal(staff.updateProduct(adminToken, id, { images: [never] }))).toMatchObject({
      status: 400,
      extras: { errors: [{ path: 'images' }] },
    })
  })
})

contractTest('orders and tickets', { fake: fakeWorld, real: realOnce }, (world) => {
  it('When anyone asks what delivery costs, then the terms come in the contract’s shape', async () => {
    const { shop } = await world
    expect(deliveryTerms.strict().safeParse(await shop.delivery()).error).toBeUndefined()
  })

  it('When a promotion code does not exist, then the quote is a 422 beside promoCode', async () => {
    const { shop, shopper } = await world
    expect(await refusal(shop.quote(await shopper(), 'NOSUCHCODE'))).toMatchObject({
      status: 422,
      extras: { errors: [{ path: 'promoCode' }] },
    })
  })

  it('When staff page the orders of a status, then newest first, a page of `limit`, and the total of all', async () => {
    const { shop, shopper, staff, adminToken } = await world
    const [older, newer] = [
      await shop.checkout(await shopper(), crypto.randomUUID(), { payment: card() }),
      await shop.checkout(await shopper(), crypto.randomUUID(), { payment: card() }),
    ]
    const first = await staff.orders(adminToken, { status: 'paid', page: 1, limit: 1 })
    const second = await staff.orders(adminToken, { status: 'paid', page: 2, limit: 1 })
    expect([first.items.map((o) => o.id), second.items.map((o) => o.id)]).toEqual([[newer?.id], [older?.id]])
    expect(first).toMatchObject({ page: 1, limit: 1 })
    expect(first.total).toBeGreaterThanOrEqual(2)
    const refunded = await staff.orders(adminToken, { status: 'refunded', page: 1, limit: 100 })
    expect(refunded.items.map((o) => o.id)).not.toContain(newer?.id)
    // an order is also known by its number, as its e-mails name it (any case)
    const number = present(newer?.number, 'a number')
    expect((await staff.order(adminToken, number.toLowerCase())).id).toBe(newer?.id)
  })

  it("When staff read the day's figures, then a paid order counts, and nothing is being finished once checkouts are done", async () => {
    const { shop, shopper, staff, adminToken } = await world
    const day = new Date().toISOString().slice(0, 10)
    const before = await staff.orderStats(adminToken, day, day, 'UTC')
    await shop.checkout(await shopper(), crypto.randomUUID(), { payment: card() })
    const after = await staff.orderStats(adminToken, day, day, 'UTC')
    expect(after.orders).toBe(before.orders + 1)
    expect(after.attention).toEqual({ stalled: 0, givingBack: 0 })
  })

  it('When staff read the day’s sales report, then a paid order is counted with its takings and its product among the best sellers', async () => {
    const { shop, shopper, staff, adminToken } = await world
    const day = new Date().toISOString().slice(0, 10)
    const period = { from: day, to: day, tz: 'UTC', top: 50 }
    const before = await staff.salesReport(adminToken, period)
    const order = await shop.checkout(await shopper(), crypto.randomUUID(), { payment: card() })
    const after = await staff.salesReport(adminToken, period)
    expect(after).toMatchObject({ from: day, to: day, tz: 'UTC', orders: before.orders + 1 })
    expect(after.revenue).toBe(before.revenue + order.total)
    expect(after.shipping).toBe(before.shipping + order.shipping)
    expect(after.days).toEqual([{ day, orders: after.orders, revenue: after.revenue, shipping: after.shipping }])
    const line = present(order.items[0], 'the order’s line')
    const sold = (r: typeof after) => r.bestSellers.find((b) => b.productId === line.productId)?.units ?? 0
    expect(sold(after)).toBe(sold(before) + line.quantity)
    // a period the wrong way round is refused
    const backwards = staff.salesReport(adminToken, { ...period, to: '2001-01-01' })
    expect(await refusal(backwards)).toMatchObject({ status: 400 })
  })

  it('When the card is declined, then checkout is a 402 saying why', async () => {
    const { shop, shopper } = await world
    const order = shop.checkout(await shopper(), crypto.randomUUID(), { payment: card('4000000000000002') })
    expect(await refusal(order)).toMatchObject({ status: 402, extras: { reason: 'card_declined' } })
  })

  it('When the cart holds more than is available, then checkout is a 409 out_of_stock naming the line with its counts', async () => {
    const { shop, shortShopper } = await world
    const { token, productId } = await shortShopper()
    const order = shop.checkout(token, crypto.randomUUID(), { payment: card() })
    expect(await refusal(order)).toMatchObject({
      status: 409,
      extras: { reason: 'out_of_stock', productId, requested: 5, available: 3, held: 0 },
    })
  })

  it('When the cart holds a product no longer sold, then checkout is a 409 no_longer_sold naming it', async () => {
    const { shop, staleShopper } = await world
    const { token, productId } = await staleShopper()
    const order = shop.checkout(token, crypto.randomUUID(), { payment: card() })
    expect(await refusal(order)).toMatchObject({ status: 409, extras: { reason: 'no_longer_sold', productId } })
  })

  it('When an order or a ticket is unknown, then it is a 404', async () => {
    const { shop, shopper } = await world
    const token = await shopper()
    expect(await refusal(shop.order(token, crypto.randomUUID()))).toMatchObject({ status: 404 })
    expect(await refusal(shop.ticket(token, crypto.randomUUID()))).toMatchObject({ status: 404 })
  })

  it('When a return is asked for an order not delivered, then it is a 422; for a delivered one, the ticket is open', async () => {
    const { shop, shopper, orderIn } = await world
    const token = await shopper()
    const ask = async (order: Promise<{ id: string }>) =>
      shop.openTicket(token, { type: 'return', subject: 'Return', message: 'Too big.', orderId: (await order).id })
    expect(await refusal(ask(orderIn(token, 'paid')))).toMatchObject({ status: 422 })
    expect(await ask(orderIn(token, 'delivered'))).toMatchObject({ type: 'return', status: 'open', items: null })
  })

  it('When a return names one of the items, then the ticket keeps it with its name; more than was bought is a 422 beside items', async () => {
    const { shop, shopper, orderIn } = await world
    const token = await shopper()
    const { id, productId } = await orderIn(token, 'delivered')
    const ask = (quantity: number) =>
      shop.openTicket(token, {
        type: 'return',
        subject: 'Return',
        message: 'One too many.',
        orderId: id,
        items: [{ productId, quantity }],
      })
    expect((await ask(1)).items).toEqual([{ productId, name: expect.any(String), quantity: 1 }])
    const tooMany = await refusal(ask(50))
    expect(tooMany).toMatchObject({ status: 422, extras: { errors: [{ path: 'items' }] } })
  })
})
