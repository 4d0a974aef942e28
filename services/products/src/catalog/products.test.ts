import { describe, expect, it } from 'vitest'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { productBody, startProducts } from '../testing.ts'

const products = await startProducts()
const { send, as, sql } = products
const count = async () => Number((await sql`select count(*) from products`)[0].count)

describe('managing products', () => {
  it('When an admin creates a product, then it is 201 with its location, and anyone can read it with its available stock', async () => {
    const res = await send('POST', '/api/products', {
      body: productBody({
        name: 'Walnut Desk',
        attributes: { wood: 'walnut' },
        images: ['https://img.example/desk.jpg'],
      }),
      auth: as.admin,
    })
    expect(res.status).toBe(201)
    const created = res.body
    expect(res.headers.get('location')).toBe(`/api/products/${created.id}`)
    expect(created).toMatchObject({
      name: 'Walnut Desk',
      price: { amount: 1000, currency: 'USD' },
      stock: { onHand: 10, reserved: 0 },
      available: 10,
      active: true,
      category: null,
    })
    const read = await send('GET', `/api/products/${created.id}`)
    expect(read.body.available).toBe(10)
  })

  it('When a customer or nobody tries to create one, then it is a 403 or a 401 and nothing is stored', async () => {
    const before = await count()
    expect((await send('POST', '/api/products', { body: productBody(), auth: as.customer })).status).toBe(403)
    expect((await send('POST', '/api/products', { body: productBody() })).status).toBe(401)
    expect(await count()).toBe(before)
  })

  it('When the body is bad in any way, then it is a 4xx problem naming the field, and nothing changes', async () => {
    const before = await count()
    const cases: [unknown, number, string][] = [
      [productBody({ price: { amount: -1, currency: 'USD' } }), 400, 'price.amount'],
      [productBody({ name: '' }), 400, 'name'],
      [productBody({ price: { amount: '10', currency: 'USD' } }), 400, 'price.amount'],
      [productBody({ stock: 1.5 }), 400, 'stock'],
      [productBody({ color: 'red' }), 400, ''],
      [productBody({ images: ['javascript:alert(1)'] }), 400, 'images.0'],
      [productBody({ categoryId: '00000000-0000-4000-8000-000000000000' }), 422, 'categoryId'],
      ['{"sku": ', 400, ''],
    ]
    for (const [body, status, path] of cases) {
      const res = await send('POST', '/api/products', { body, auth: as.admin })
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      if (path) expect(res.body.errors.map((e: any) => e.path)).toContain(path)
    }
    expect(await count()).toBe(before)
  })

  it('When a SKU is taken, then a second product with it is a 409', async () => {
    const body = productBody()
    expect((await send('POST', '/api/products', { body, auth: as.admin })).status).toBe(201)
    expect((await send('POST', '/api/products', { body: { ...body, name: 'Other' }, auth: as.admin })).status).toBe(409)
  })

  it('When an admin changes and then deletes a product, then it is deactivated: gone for customers, kept for admins', async () => {
    const { id } = (
      await send('POST', '/api/products', {
        body: productBody({ description: 'Kept', attributes: { size: 'L' } }),
        auth: as.admin,
      })
    ).body
    const changed = (
      await send('PATCH', `/api/products/${id}`, {
        body: { name: 'Renamed', price: { amount: 1500, currency: 'USD' } },
        auth: as.admin,
      })
    ).body
    // what was not sent stays as it was
    expect(changed).toMatchObject({
      name: 'Renamed',
      price: { amount: 1500 },
      description: 'Kept',
      attributes: { size: 'L' },
      active: true,
    })
    expect((await send('PATCH', `/api/products/${id}`, { body: {}, auth: as.admin })).status).toBe(400)
    expect((await send('DELETE', `/api/products/${id}`, { auth: as.admin })).status).toBe(204)
    expect((await send('GET', `/api/products/${id}`)).status).toBe(404)
    expect((await send('GET', `/api/products/${id}`, { auth: as.customer })).status).toBe(404)
    expect((await send('GET', `/api/products/${id}`, { auth: as.admin })).body.active).toBe(false)
    expect((await send('GET', '/api/products/not-a-uuid')).status).toBe(400)
  })

  it('When an admin gives attributes in an order, then they come back in it, after a change too; the catalog lists them so', async () => {
    const names = (attributes: Record<string, unknown>) => Object.keys(attributes)
    const { id, attributes } = (
      await send('POST', '/api/products', {
        body: productBody({ attributes: { material: 'steel', color: 'red', capacity: 6, fit: 'all' } }),
        auth: as.admin,
      })
    ).body
    expect(names(attributes)).toEqual(['material', 'color', 'capacity', 'fit'])
    const changed = await send('PATCH', `/api/products/${id}`, {
      body: { attributes: { fit: 'all', capacity: 3, color: 'blue' } },
      auth: as.admin,
    })
    expect(names(changed.body.attributes)).toEqual(['fit', 'capacity', 'color'])
    const listed = (await send('GET', `/api/products?limit=100&sort=newest`)).body.items.find((p: any) => p.id === id)
    expect(names(listed.attributes)).toEqual(['fit', 'capacity', 'color'])
  })

  it('When stock is adjusted, then on hand changes, every change is audited, and it never goes below what is reserved', async () => {
    const { id } = (await send('POST', '/api/products', { body: productBody({ stock: 5 }), auth: as.admin })).body
    const after = (
      await send('POST', `/api/products/${id}/stock`, { body: { delta: 7, reason: 'delivery' }, auth: as.admin })
    ).body
    expect(after.stock.onHand).toBe(12)
    await sql`update products set reserved = 4 where id = ${id}`
    const tooMuch = await send('POST', `/api/products/${id}/stock`, {
      body: { delta: -9, reason: 'breakage' },
      auth: as.admin,
    })
    expect(tooMuch.status).toBe(409)
    expect(
      (await send('POST', `/api/products/${id}/stock`, { body: { delta: 0, reason: 'nothing' }, auth: as.admin }))
        .status,
    ).toBe(400)
    expect((await send('POST', `/api/products/${id}/stock`, { body: { delta: 1 }, auth: as.admin })).status).toBe(400)
    const movements = (await send('GET', `/api/products/${id}/stock-movements`, { auth: as.admin })).body
    expect(movements.items.map((m: any) => [m.delta, m.reason, m.actor, m.orderId, m.onHandAfter])).toEqual([
      [7, 'delivery', 'admin-1', null, 12],
      [5, 'initial stock', 'admin-1', null, 5],
    ])
    const documented = await documentedAnswers(openApiDocument)
    expect(documented('get', '/api/products/{id}/stock-movements', 200, movements)).toEqual([])
    expect((await send('GET', `/api/products/${id}/stock-movements`, { auth: as.customer })).status).toBe(403)
  })
})
