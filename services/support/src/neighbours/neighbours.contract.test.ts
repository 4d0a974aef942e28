import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { card, startSales } from '@shopfront/sales/testing'
import { startUsers } from '@shopfront/users/testing'
import { contractTest, refusal } from '@shopfront/kit/testing'
import { afterAll, expect, it } from 'vitest'
import { fakeNeighbours } from '../testing.ts'
import { type Neighbours, neighboursOverHttp } from './neighbours.ts'

/**
 * users and sales as support sees them, set up for one scenario: through the seam's fake,
 * or through the real HTTP adapter against the real users and sales apps. The same
 * scenarios run on both, so the fake the ticket tests use cannot drift from the services.
 */
interface World {
  neighbours: Neighbours
  /** A user; their id. */
  person(): Promise<string>
  /** An order of a user's, delivered or only paid, of one product (`quantity` units, 1 unless said); its id. */
  order(userId: string, delivered: boolean, quantity?: number): Promise<string>
}

function fakeWorld(): World {
  const fake = fakeNeighbours()
  return {
    neighbours: fake.neighbours,
    async person() {
      const id = crypto.randomUUID()
      fake.person(id)
      return id
    },
    order: async (userId, delivered, quantity = 1) => fake.order(userId, delivered ? 'delivered' : 'paid', 2, quantity),
  }
}

async function realWorld(): Promise<World> {
  const users = await startUsers()
  const sales = await startSales()
  const [usersServer, salesServer] = [listen(users.app, { port: 0 }), listen(sales.app, { port: 0 })]
  afterAll(async () => {
    await usersServer.stop(true)
    await salesServer.stop(true)
    await users.close()
  })
  // support's identity at each: users signs its own service tokens, sales trusts its harness's
  const grant = await users.send('POST', '/internal/service-token', {
    headers: { authorization: `Basic ${Buffer.from('support:support-secret-0123456789').toString('base64')}` },
  })
  const asSupport = { users: `Bearer ${grant.body.accessToken}`, sales: await sales.as.service('support') }
  const discovery = createStaticDiscovery({ users: [usersServer.url], sales: [salesServer.url] })
  const neighbours = neighboursOverHttp((service) =>
    createServiceClient({
      service,
      discovery,
      breakers: createBreakers(),
      credentials: () => asSupport[service as keyof typeof asSupport],
    }),
  )
  return {
    neighbours,
    async person() {
      const email = `p-${crypto.randomUUID().slice(0, 8)}@example.com`
      const made = await users.send('POST', '/api/auth/register', {
        body: { email, password: 'customer password 1', name: 'Pat' },
      })
      return made.body.id as string
    },
    async order(userId, delivered, quantity = 1) {
      const productId = sales.fake.addProduct({ onHand: 10, unitPrice: 700 })
      sales.fake.customer(userId, { [productId]: quantity })
      const placed = await sales.send('POST', '/api/checkout', {
        auth: await sales.token(userId),
        body: { payment: card() },
        headers: { 'idempotency-key': crypto.randomUUID() },
      })
      if (placed.status !== 201) throw new Error(`checkout: ${placed.status} ${placed.text}`)
      if (delivered)
        for (const body of [{ status: 'shipped', trackingNumber: 'TRK-1' }, { status: 'delivered' }])
          await sales.send('PATCH', `/api/orders/${placed.body.id}/status`, { auth: sales.as.admin, body })
      return placed.body.id as string
    },
  }
}

contractTest('support neighbours', { fake: fakeWorld, real: realWorld }, (world) => {
  it('When a user is asked for, then their contact and roles come back; an unknown one is a 404', async () => {
    const { neighbours, person } = await world
    const id = await person()
    expect(await neighbours.contact(id)).toMatchObject({ id, email: expect.any(String), roles: ['customer'] })
    expect(await refusal(neighbours.contact(crypto.randomUUID()))).toMatchObject({ status: 404 })
  })

  it('When an order is asked for, by id or by number, then its owner and status come back; a delivered one says when; an unknown one is a 404', async () => {
    const { neighbours, person, order } = await world
    const userId = await person()
    const paid = await neighbours.order(await order(userId, false))
    expect(paid).toMatchObject({ userId, status: 'paid', deliveredAt: null })
    expect((await neighbours.order(paid.number)).id).toBe(paid.id)
    const delivered = await neighbours.order(await order(userId, true))
    expect(delivered).toMatchObject({ userId, status: 'delivered', deliveredAt: expect.any(String) })
    expect(await refusal(neighbours.order(crypto.randomUUID()))).toMatchObject({ status: 404 })
  })

  it('When a delivered order is refunded, twice, then it is refunded once; an order not delivered is a 409', async () => {
    const { neighbours, person, order } = await world
    const userId = await person()
    const delivered = await order(userId, true)
    await neighbours.refund(delivered, 'return approved')
    await neighbours.refund(delivered, 'return approved')
    expect((await neighbours.order(delivered)).status).toBe('refunded')
    expect(await refusal(neighbours.refund(await order(userId, false), 'return approved'))).toMatchObject({
      status: 409,
    })
  })

  it('When some items of a delivered order are refunded under a key, twice, then once; more than is still out is a 409; the last ones refund it whole', async () => {
    const { neighbours, person, order } = await world
    const userId = await person()
    const id = await order(userId, true, 3)
    const [item] = (await neighbours.order(id)).items
    const productId = item?.productId ?? ''
    expect(item).toMatchObject({ quantity: 3, returned: 0, name: expect.any(String) })
    const part = { key: 'ticket-1', items: [{ productId, quantity: 2 }] }
    await neighbours.refund(id, 'return approved', part)
    await neighbours.refund(id, 'return approved', part)
    expect(await neighbours.order(id)).toMatchObject({ status: 'delivered', items: [{ returned: 2 }] })
    const tooMany = { key: 'ticket-2', items: [{ productId, quantity: 2 }] }
    expect(await refusal(neighbours.refund(id, 'return approved', tooMany))).toMatchObject({
      status: 409,
      extras: { productId, outstanding: 1 },
    })
    await neighbours.refund(id, 'return approved', { key: 'ticket-2', items: [{ productId, quantity: 1 }] })
    expect(await neighbours.order(id)).toMatchObject({ status: 'refunded', items: [{ returned: 3 }] })
  })
})
