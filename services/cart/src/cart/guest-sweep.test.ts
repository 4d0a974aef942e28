import { expect, it } from 'vitest'
import { createCartRepo } from './cart.repo.ts'
import { catalog, product, startCart } from '../testing.ts'

const mug = product(crypto.randomUUID(), 'Mug')
const tea = product(crypto.randomUUID(), 'Tea')
const cart = await startCart(catalog([mug, tea]))
const { sql, send, as } = cart

/** A cart line changed `daysAgo` days ago, written as the cart writes one. */
const line = (userId: string, productId: string, daysAgo: number) =>
  sql`insert into cart_lines (user_id, product_id, quantity, name, unit_price, currency, available, active, seen_at, updated_at)
    values (${userId}, ${productId}, 1, 'Mug', 1000, 'USD', 10, true, now(), now() - ${daysAgo} * interval '1 day')`
const linesOf = async (userId: string) =>
  (await sql`select count(*)::int as n from cart_lines where user_id = ${userId}`)[0].n as number

it('When the guest cart sweep runs, then guest carts nobody changed for the set days go whole; a guest cart changed since, and shoppers’ carts, stay', async () => {
  const [idle, busy, fresh] = [1, 2, 3].map(() => `guest:${crypto.randomUUID()}`) as [string, string, string]
  const shopper = `user-${crypto.randomUUID().slice(0, 8)}`
  await line(idle, mug.id, 120)
  await line(idle, tea.id, 95)
  // one line old, one changed last week: the cart is in use
  await line(busy, mug.id, 200)
  await line(busy, tea.id, 7)
  await line(shopper, mug.id, 400)
  // a guest cart made through the web app's route just now
  const guestId = fresh.slice('guest:'.length)
  const added = await send('POST', `/internal/guest-carts/${guestId}/items`, {
    auth: as.web,
    body: { productId: mug.id, quantity: 1 },
  })
  expect(added.status).toBe(201)

  const swept = await createCartRepo(cart.db).sweepGuests(90, 1000)

  expect(swept).toBeGreaterThanOrEqual(1)
  expect(await linesOf(idle)).toBe(0)
  expect(await linesOf(busy)).toBe(2)
  expect(await linesOf(shopper)).toBe(1)
  expect(await linesOf(fresh)).toBe(1)
})
