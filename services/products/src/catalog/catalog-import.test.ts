import { describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { importResult } from '../contract.ts'
import { openApiDocument } from '../openapi.ts'
import { startProducts } from '../testing.ts'

const { send, sql, as } = await startProducts()
const documented = await documentedAnswers(openApiDocument)
const run = crypto.randomUUID().slice(0, 6)
const sku = (n: number) => `IMP-${run}-${n}`
const importing = (products: unknown[], auth = as.admin) =>
  send('POST', '/api/products/import', { body: { products }, auth })
const bySku = async (s: string) => {
  const [row] =
    await sql`select id, name, price_amount, on_hand, reserved, active, category_id, description from products where sku = ${s}`
  return row
}
const movementsOf = async (id: string) =>
  (await sql`select delta, reason, on_hand_after from stock_movements where product_id = ${id} order by id`).map(
    (m) => [m.delta, m.reason, m.on_hand_after],
  )
const tables = async () =>
  (await sql`select count(*)::int as n from products`)[0].n +
  (await sql`select count(*)::int as n from stock_movements`)[0].n

describe('importing products', () => {
  it('When an admin imports new and known SKUs, then the new are made, the known changed in what was sent, and stock changes are movements', async () => {
    const category = (
      await send('POST', '/api/categories', { body: { slug: `tea-${run}`, name: 'Tea' }, auth: as.admin })
    ).body
    const first = await importing([
      { sku: sku(1), name: 'Green Tea', price: { amount: 650 }, category: `tea-${run}`, stock: 20 },
      { sku: sku(2), name: 'Black Tea', price: { amount: 550, currency: 'USD' }, description: 'Strong.' },
    ])
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ created: 2, updated: 0 })
    expect(importResult.strict().safeParse(first.body).error).toBeUndefined()
    expect(documented('post', '/api/products/import', 200, first.body)).toEqual([])
    const green = await bySku(sku(1))
    expect(green).toMatchObject({ name: 'Green Tea', price_amount: 650, on_hand: 20, category_id: category.id })
    expect(await movementsOf(green.id)).toEqual([[20, 'import', 20]])
    expect((await bySku(sku(2))).on_hand).toBe(0)

    // again: one changed (price, stock down to 12), one left as it was but its description, one new
    const second = await importing([
      { sku: sku(1), name: 'Green Tea', price: { amount: 700 }, stock: 12 },
      { sku: sku(2), name: 'Black Tea', price: { amount: 550 } },
      { sku: sku(3), name: 'White Tea', price: { amount: 900 }, active: false, stock: 0 },
    ])
    expect(second.body).toEqual({ created: 1, updated: 2 })
    expect(await bySku(sku(1))).toMatchObject({ price_amount: 700, on_hand: 12, category_id: category.id })
    expect(await movementsOf(green.id)).toEqual([
      [20, 'import', 20],
      [-8, 'import', 12],
    ])
    expect((await bySku(sku(2))).description).toBe('Strong.')
    expect(await bySku(sku(3))).toMatchObject({ active: false, on_hand: 0 })
    expect(await movementsOf((await bySku(sku(3))).id)).toEqual([])
    // the shop sees the change at once
    expect((await send('GET', `/api/products/${green.id}`)).body).toMatchObject({
      price: { amount: 700 },
      available: 12,
    })
  })

  it('When any product is wrong, then every wrong one is named and nothing is imported', async () => {
    const held = await importing([{ sku: sku(10), name: 'Held', price: { amount: 100 }, stock: 5 }])
    expect(held.status).toBe(200)
    const { id } = await bySku(sku(10))
    await send('POST', '/internal/reservations', {
      body: { orderId: `order-${run}`, lines: [{ productId: id, quantity: 4 }] },
      auth: as.service,
    })
    const before = await tables()
    const refused = await importing([
      { sku: sku(11), name: 'Fine', price: { amount: 100 } },
      { sku: sku(12), name: 'Lost', price: { amount: 100 }, category: 'no-such-category' },
      { sku: sku(10), name: 'Held', price: { amount: 100 }, stock: 3 },
    ])
    expect(refused.status).toBe(422)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.body.errors).toEqual([
      { path: 'products.1.category', message: 'no category no-such-category' },
      { path: 'products.2.stock', message: '4 are held by checkouts under way' },
    ])
    expect(await tables()).toBe(before)
    expect(await bySku(sku(11))).toBeUndefined()

    // a picture never uploaded here is named with the others, by its product
    const never = `/api/products/images/${'c'.repeat(64)}.webp`
    const withPicture = await importing([
      { sku: sku(17), name: 'Lost', price: { amount: 100 }, category: 'no-such-category' },
      { sku: sku(18), name: 'Pictured', price: { amount: 100 }, images: [never] },
    ])
    expect(withPicture.status).toBe(422)
    expect(withPicture.body.errors).toEqual([
      { path: 'products.0.category', message: 'no category no-such-category' },
      { path: 'products.1.images', message: `no uploaded picture ${'c'.repeat(64)}.webp` },
    ])
    expect(await tables()).toBe(before)

    // what the body says wrong is a 400 naming each place, and changes nothing either
    const paths = async (products: unknown[]) => {
      const res = await importing(products)
      expect(res.status).toBe(400)
      return res.body.errors.map((e: { path: string }) => e.path)
    }
    expect(await paths([{ sku: sku(13), name: '', price: { amount: -1 } }])).toEqual([
      'products.0.name',
      'products.0.price.amount',
    ])
    expect(
      await paths([
        { sku: sku(14), name: 'A', price: { amount: 1 } },
        { sku: sku(14), name: 'B', price: { amount: 1 } },
      ]),
    ).toEqual(['products.1.sku'])
    expect(await paths([{ sku: sku(15), name: 'A', price: { amount: 1 }, categoryId: crypto.randomUUID() }])).toEqual([
      'products.0',
    ])
    expect(await paths([])).toEqual(['products'])
    const many = Array.from({ length: 1001 }, (_, i) => ({ sku: `${sku(16)}-${i}`, name: 'A', price: { amount: 1 } }))
    expect(await paths(many)).toEqual(['products'])
    expect(await tables()).toBe(before)
  })

  it('When an admin only checks an import (dryRun=true), then the same problems come back, or what it would do, and nothing is written', async () => {
    const known = await importing([{ sku: sku(30), name: 'Known', price: { amount: 100 }, stock: 2 }])
    expect(known.status).toBe(200)
    const before = await tables()
    const checking = (products: unknown[]) =>
      send('POST', '/api/products/import?dryRun=true', { body: { products }, auth: as.admin })
    const rows = [
      { sku: sku(30), name: 'Known, renamed', price: { amount: 200 }, stock: 9 },
      { sku: sku(31), name: 'New', price: { amount: 100 }, stock: 4 },
    ]
    const fine = await checking(rows)
    expect(fine.body).toEqual({ created: 1, updated: 1 })
    expect(documented('post', '/api/products/import', 200, fine.body)).toEqual([])
    const refused = await checking([...rows, { sku: sku(32), name: 'Lost', price: { amount: 1 }, category: 'nowhere' }])
    expect(refused.status).toBe(422)
    expect(refused.body.errors).toEqual([{ path: 'products.2.category', message: 'no category nowhere' }])
    expect(await tables()).toBe(before)
    expect(await bySku(sku(30))).toMatchObject({ name: 'Known', price_amount: 100, on_hand: 2 })
    expect(await bySku(sku(31))).toBeUndefined()
    expect(
      (await send('POST', '/api/products/import?dryRun=yes', { body: { products: rows }, auth: as.admin })).status,
    ).toBe(400)
    // and the import itself does what the check said
    expect((await importing(rows)).body).toEqual({ created: 1, updated: 1 })
  })

  it('When someone not an admin imports, then it is a 403 or a 401', async () => {
    const one = [{ sku: sku(20), name: 'A', price: { amount: 1 } }]
    expect((await importing(one, as.customer)).status).toBe(403)
    expect((await send('POST', '/api/products/import', { body: { products: one } })).status).toBe(401)
    expect(await bySku(sku(20))).toBeUndefined()
  })

  it('When a thousand products come at once, then they are all made in one go', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      sku: `${sku(30)}-${i}`,
      name: `Bulk ${i}`,
      price: { amount: 100 + i },
      description: 'A long description. '.repeat(100),
      stock: i % 3,
    }))
    const res = await importing(many)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ created: 1000, updated: 0 })
  })
})
