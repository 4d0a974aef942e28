import { describe, expect, it } from 'vitest'
import { productBody, startProducts } from '../testing.ts'

const { send, as } = await startProducts()
const create = async (body: Record<string, unknown>) =>
  (await send('POST', '/api/categories', { body, auth: as.admin })).body

describe('categories', () => {
  it('When an admin builds a small tree, then anyone lists it with product counts', async () => {
    const garden = await create({ slug: 'garden', name: 'Garden' })
    const tools = await create({ slug: 'garden-tools', name: 'Garden tools', parentId: garden.id })
    expect(tools.parentId).toBe(garden.id)
    await send('POST', '/api/products', { body: productBody({ categoryId: tools.id }), auth: as.admin })
    const list = (await send('GET', '/api/categories')).body
    expect(list).toMatchObject({ page: 1, limit: 100 })
    expect(list.items.find((c: any) => c.slug === 'garden-tools')).toMatchObject({
      productCount: 1,
      parentId: garden.id,
    })
  })

  it('When a category is renamed, then its parent stays; it cannot move under its own child', async () => {
    const top = await create({ slug: 'top', name: 'Top' })
    const child = await create({ slug: 'top-child', name: 'Child', parentId: top.id })
    const renamed = (await send('PATCH', `/api/categories/${child.id}`, { body: { name: 'Renamed' }, auth: as.admin }))
      .body
    expect(renamed).toMatchObject({ name: 'Renamed', parentId: top.id })
    expect(
      (await send('PATCH', `/api/categories/${top.id}`, { body: { parentId: child.id }, auth: as.admin })).status,
    ).toBe(409)
  })

  it('When the input is bad or the slug taken, then 4xx; a category in use cannot be deleted', async () => {
    expect(
      (await send('POST', '/api/categories', { body: { slug: 'Bad Slug', name: 'x' }, auth: as.admin })).status,
    ).toBe(400)
    expect(
      (await send('POST', '/api/categories', { body: { slug: 'garden', name: 'Again' }, auth: as.admin })).status,
    ).toBe(409)
    expect(
      (
        await send('POST', '/api/categories', {
          body: { slug: 'orphan', name: 'x', parentId: '00000000-0000-4000-8000-000000000000' },
          auth: as.admin,
        })
      ).status,
    ).toBe(422)
    expect(
      (await send('POST', '/api/categories', { body: { slug: 'nope', name: 'x' }, auth: as.customer })).status,
    ).toBe(403)
    const list = (await send('GET', '/api/categories')).body
    const garden = list.items.find((c: any) => c.slug === 'garden')
    expect((await send('DELETE', `/api/categories/${garden.id}`, { auth: as.admin })).status).toBe(409)
    const empty = await create({ slug: 'empty', name: 'Empty' })
    expect((await send('DELETE', `/api/categories/${empty.id}`, { auth: as.admin })).status).toBe(204)
    expect((await send('GET', `/api/categories/${empty.id}`)).status).toBe(404)
  })
})
