import { describe, expect, it } from 'vitest'
import { card, startSales } from '../testing.ts'

const sales = await startSales()
const { send, fake, token, sql, issuer } = sales

/** A customer users knows, with one of a product in the cart. */
async function customer() {
  const userId = `user-${crypto.randomUUID().slice(0, 8)}`
  const productId = fake.addProduct({ onHand: 10, unitPrice: 900, name: 'Mug' })
  fake.customer(userId, { [productId]: 1 })
  return { userId, productId, auth: await token(userId) }
}
const checkout = (auth: string, shippingAddress?: object) =>
  send('POST', '/api/checkout', {
    auth,
    body: { payment: card(), shippingAddress },
    headers: { 'idempotency-key': crypto.randomUUID() },
  })
/** A token as users signs it now: with the user's e-mail and name. */
const tokenWithContact = async (sub: string, contact: { email: string; name: string }) =>
  `Bearer ${await issuer.sign({ sub, contact })}`
const fillCart = (userId: string, productId: string) => fake.carts.set(userId, new Map([[productId, 1]]))

describe('checkout while users cannot answer', () => {
  it('When users is down, then a customer who checked out before checks out with the contact users gave last; one it never answered for gets a 503 and nothing is written', async () => {
    const ann = await customer()
    expect((await checkout(ann.auth)).status).toBe(201)
    const kept = async () => (await sql`select updated_at from known_contacts where user_id = ${ann.userId}`)[0]
    const before = await kept()
    fillCart(ann.userId, ann.productId)
    const newcomer = await customer()

    const [again, refused] = await fake.whileDown('users', () =>
      Promise.all([checkout(ann.auth), checkout(newcomer.auth)]),
    )

    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({
      status: 'paid',
      customer: { name: `Customer ${ann.userId}`, email: `${ann.userId}@example.com` },
      shippingAddress: { line1: '1 Main St', city: 'Springfield' },
    })
    const confirmations = (await sales.outbox()).filter((m) => m.to_address === `${ann.userId}@example.com`)
    expect(confirmations).toHaveLength(2)
    // the same contact is not written again
    expect(await kept()).toEqual(before)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    const written = await sql`select count(*)::int as n from orders where user_id = ${newcomer.userId}`
    expect(written[0].n).toBe(0)
  })

  it('When users answers, then what it says replaces what was kept (a changed e-mail is the one used while it is down), and a user it does not know is not covered up', async () => {
    const bob = await customer()
    expect((await checkout(bob.auth)).status).toBe(201)
    const moved = { line1: '9 New Rd', city: 'Shelbyville', postalCode: '54321', country: 'US' }
    fake.contacts.set(bob.userId, { id: bob.userId, email: 'bob@new.example', name: 'Bob', shippingAddress: moved })
    fillCart(bob.userId, bob.productId)
    expect((await checkout(bob.auth)).body.customer.email).toBe('bob@new.example')
    fillCart(bob.userId, bob.productId)

    const duringOutage = await fake.whileDown('users', () => checkout(bob.auth))

    expect(duringOutage.status).toBe(201)
    expect(duringOutage.body).toMatchObject({
      customer: { name: 'Bob', email: 'bob@new.example' },
      shippingAddress: moved,
    })
    // users says the account is gone (a 404): that stands, whatever was kept
    fake.contacts.delete(bob.userId)
    fillCart(bob.userId, bob.productId)
    expect((await checkout(bob.auth)).status).toBe(404)
  })

  it('When users is down, then a buyer whose token carries their contact checks out with it: a first order with the address sent, a later one with the address kept', async () => {
    const cleo = await customer()
    const auth = await tokenWithContact(cleo.userId, { email: 'cleo@example.com', name: 'Cleo' })
    const eve = await customer()
    const eveAuth = await tokenWithContact(eve.userId, { email: 'eve@example.com', name: 'Eve' })
    const to = { line1: '5 Elm St', city: 'Ogdenville', postalCode: '11111', country: 'US' }

    const [first, noAddress] = await fake.whileDown('users', () => Promise.all([checkout(auth, to), checkout(eveAuth)]))

    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      status: 'paid',
      customer: { name: 'Cleo', email: 'cleo@example.com' },
      shippingAddress: to,
    })
    expect((await sales.outbox()).filter((m) => m.to_address === 'cleo@example.com')).toHaveLength(1)
    // a first order without an address: there is none kept to send it to
    expect(noAddress.status).toBe(422)
    expect(noAddress.body.errors).toEqual([expect.objectContaining({ path: 'shippingAddress' })])
    expect((await sql`select count(*)::int as n from orders where user_id = ${eve.userId}`)[0].n).toBe(0)

    // a returning customer's token says where to write; the address is the one kept from the last order
    const dan = await customer()
    expect((await checkout(dan.auth)).status).toBe(201)
    fillCart(dan.userId, dan.productId)
    const renamed = await tokenWithContact(dan.userId, { email: 'dan@new.example', name: 'Dan' })
    const again = await fake.whileDown('users', () => checkout(renamed))
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({
      customer: { name: 'Dan', email: 'dan@new.example' },
      shippingAddress: { line1: '1 Main St', city: 'Springfield' },
    })
  })
})

describe('a deleted account', () => {
  it('When users has a deleted account forgotten, then the contact sales kept for it goes and its orders keep theirs; only users may ask', async () => {
    const ann = await customer()
    const placed = await checkout(ann.auth)
    expect(placed.status).toBe(201)
    const kept = () => sql`select 1 from known_contacts where user_id = ${ann.userId}`
    expect(await kept()).toHaveLength(1)
    const path = `/internal/users/${ann.userId}/contact`
    expect((await send('DELETE', path, { auth: ann.auth })).status).toBe(403)
    expect((await send('DELETE', path, { auth: await sales.as.service('support') })).status).toBe(403)
    expect(await kept()).toHaveLength(1)

    const users = await sales.as.service('users')
    expect((await send('DELETE', path, { auth: users })).status).toBe(204)
    expect((await send('DELETE', path, { auth: users })).status).toBe(204)
    expect(await kept()).toEqual([])
    const order = await send('GET', `/api/orders/${placed.body.id}`, { auth: ann.auth })
    expect(order.body.customer).toEqual(placed.body.customer)
  })
})
