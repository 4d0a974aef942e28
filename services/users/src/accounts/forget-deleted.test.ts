import { afterAll, describe, expect, it } from 'vitest'
import { catalog, product, startCart } from '@shopfront/cart/testing'
import { createBreakers, createMemoryLogger, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { productBody, startProducts } from '@shopfront/products/testing'
import { startSales } from '@shopfront/sales/testing'
import { startSupport } from '@shopfront/support/testing'
import { neighboursOverHttp } from '../neighbours/neighbours.ts'
import { signedInCustomer, startUsers } from '../testing.ts'
import { forgettingDeleted } from './forget-deleted.ts'
import { createUsersRepo } from './users.repo.ts'

const users = await startUsers()
afterAll(() => users.close())
const repo = createUsersRepo(users.database.db)
const forgetAt = async (id: string) => (await users.sql`select forget_at from users where id = ${id}`)[0]?.forget_at

/** A customer who deleted their account; their id. */
async function deletedAccount() {
  const email = `gone-${crypto.randomUUID()}@example.com`
  const { accessToken } = await signedInCustomer(users, email)
  const auth = `Bearer ${accessToken}`
  const { id } = (await users.send('GET', '/api/users/me', { auth })).body
  await users.send('DELETE', '/api/users/me', { auth, body: { password: 'customer password 1' } })
  return id as string
}

describe('a deleted account, forgotten by the neighbours', () => {
  it('When a neighbour cannot answer, then the account is asked about again a minute later, and once all forget it, never again', async () => {
    const id = await deletedAccount()
    expect(await forgetAt(id)).toBeInstanceOf(Date)
    const asked: string[] = []
    let down = true
    const { logger, lines } = createMemoryLogger()
    const run = forgettingDeleted({
      users: repo,
      neighbours: {
        async forget(userId) {
          asked.push(userId)
          if (down) throw new Error('cart is down')
        },
      },
      logger,
    })

    await run()
    expect(asked).toContain(id)
    expect((await forgetAt(id)).getTime()).toBeGreaterThan(Date.now() + 50_000)
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: expect.stringContaining('not forgotten by its neighbours yet'), userId: id }),
    )
    asked.length = 0
    await run()
    expect(asked).not.toContain(id)

    down = false
    await users.sql`update users set forget_at = now() where id = ${id}`
    await run()
    expect(asked).toContain(id)
    expect(await forgetAt(id)).toBeNull()
    asked.length = 0
    await users.sql`update users set forget_at = null where forget_at is not null and id <> ${id}`
    expect(await run()).toBe(0)
  })

  it("When the real adapter asks the real cart, sales, support and products, then the account's cart lines, the contact and reviews sales kept, the address on its tickets and its back-in-stock alerts are gone", async () => {
    const mug = product('11111111-1111-4111-8111-111111111111', 'Mug')
    const cart = await startCart(catalog([mug]))
    const sales = await startSales()
    const support = await startSupport()
    const products = await startProducts()
    const servers = {
      cart: listen(cart.app),
      sales: listen(sales.app),
      support: listen(support.app),
      products: listen(products.app),
    }
    afterAll(async () => {
      for (const server of Object.values(servers)) await server.stop(true)
    })
    const asUsers = {
      cart: cart.as.users,
      sales: await sales.as.service('users'),
      support: await support.as.service('users'),
      products: products.as.users,
    }
    const discovery = createStaticDiscovery({
      cart: [servers.cart.url],
      sales: [servers.sales.url],
      support: [servers.support.url],
      products: [servers.products.url],
    })
    const client = (service: keyof typeof servers) =>
      createServiceClient({ service, discovery, breakers: createBreakers(), credentials: () => asUsers[service] })
    const neighbours = neighboursOverHttp({
      cart: client('cart'),
      sales: client('sales'),
      support: client('support'),
      products: client('products'),
    })

    // a customer of sales' (it kept their contact at checkout) with an order delivered and reviewed
    const { userId, order, productIds, auth } = await sales.paidOrder()
    for (const body of [{ status: 'shipped' }, { status: 'delivered' }])
      await sales.send('PATCH', `/api/orders/${order.id}/status`, { auth: sales.as.admin, body })
    const review = await sales.send('PUT', `/api/reviews/${productIds[0]}/mine`, { auth, body: { rating: 5 } })
    expect(review.status).toBe(200)
    const added = await cart.send('POST', '/api/cart/items', {
      body: { productId: mug.id },
      auth: await cart.customer(userId),
    })
    expect(added.status).toBe(201)
    expect(await sales.sql`select 1 from known_contacts where user_id = ${userId}`).toHaveLength(1)
    const ticket = (await support.open(await support.token(userId), {})).body
    const soldOut = await products.send('POST', '/api/products', {
      body: productBody({ stock: 0 }),
      auth: products.as.admin,
    })
    const shopper = `Bearer ${await products.issuer.sign({ sub: userId, contact: { email: 'pat@example.com', name: 'Pat' } })}`
    const alert = await products.send('PUT', `/api/stock-alerts/${soldOut.body.id}`, { auth: shopper })
    expect(alert.status).toBe(200)

    await neighbours.forget(userId)
    expect(await cart.sql`select 1 from cart_lines where user_id = ${userId}`).toEqual([])
    expect(await sales.sql`select 1 from known_contacts where user_id = ${userId}`).toEqual([])
    expect(await sales.sql`select 1 from product_reviews where user_id = ${userId}`).toEqual([])
    expect(await support.sql`select customer_email from tickets where id = ${ticket.id}`).toEqual([
      { customer_email: '' },
    ])
    expect(await products.sql`select 1 from stock_alerts where user_id = ${userId}`).toEqual([])
  })
})
