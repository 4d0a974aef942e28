import { beforeAll, describe, expect, it } from 'vitest'
import { demoProductCount, loadDemoCatalog } from '../demo/demo-catalog.ts'
import { documentedAnswers } from '@shopfront/kit/testing'
import { openApiDocument } from '../openapi.ts'
import { startProducts } from '../testing.ts'

// the demo catalog, read by every test and changed by none; a test that changes the
// catalog loads one of its own (`ownCatalog`)
const { send, db } = await startProducts()
const searchOn = (on: typeof send) => async (query: string, auth?: string) =>
  on('GET', `/api/products?${query}`, { auth })
const search = searchOn(send)
const names = async (query: string) => (await search(query)).body.items.map((p: any) => p.name)
const ownCatalog = async () => {
  const own = await startProducts()
  await loadDemoCatalog(own.db)
  return { ...own, search: searchOn(own.send) }
}

beforeAll(async () => {
  expect(await loadDemoCatalog(db)).toBe(true)
})

describe('the demo catalog', () => {
  it('When it is loaded, then it has at least 60 products over 6 categories, and loading again adds nothing', async () => {
    expect(demoProductCount).toBeGreaterThanOrEqual(60)
    const { body } = await search('limit=1')
    expect(body.total).toBe(demoProductCount)
    expect((await send('GET', '/api/categories')).body.total).toBe(6)
    expect(await loadDemoCatalog(db)).toBe(false)
  })
})

describe('search and browse', () => {
  it('When searching without accents, then accented names are found, the name weighing most', async () => {
    expect((await names('q=cafe creme'))[0]).toBe('Café Crème Espresso Beans 1 kg')
    expect(await names('q=saint-exupery')).toEqual(['Le Petit Prince'])
    expect(await names('q="french press"')).toEqual(['French Press 1 L'])
    expect(await names('q=headphone')).toContain('Noise-Cancelling Headphones')
  })

  it('When web-search syntax excludes a word, then products with it are left out', async () => {
    const withAll = await names('q=coffee&limit=100')
    const without = await names('q=coffee -grinder&limit=100')
    expect(withAll).toContain('Burr Coffee Grinder')
    expect(without).not.toContain('Burr Coffee Grinder')
  })

  it('When filtering by a category, then products of its subcategories are included', async () => {
    const { sql, search } = await ownCatalog()
    const [coffee] = await sql`select id from categories where slug = 'coffee'`
    const [sub] =
      await sql`insert into categories (slug, name, parent_id) values ('capsules', 'Capsules', ${coffee.id}) returning id`
    await sql`insert into products (sku, name, price_amount, category_id, on_hand) values ('CAP-1', 'Lungo Capsules x 10', 450, ${sub.id}, 100)`
    const inCoffee = await search('category=coffee&limit=100')
    expect(inCoffee.body.items.map((p: any) => p.name)).toContain('Lungo Capsules x 10')
    expect(inCoffee.body.total).toBe(12)
    expect((await search('category=capsules')).body.total).toBe(1)
  })

  it('When filtering by price, stock and attribute, then only matching products come back', async () => {
    const { body } = await search('minPrice=1000&maxPrice=2000&limit=100')
    expect(body.items.every((p: any) => p.price.amount >= 1000 && p.price.amount <= 2000)).toBe(true)
    expect((await names('inStock=false&limit=100')).sort()).toEqual([
      'Crème Brûlée Flavoured Coffee 340 g',
      'Smart Speaker',
    ])
    expect((await search('inStock=true&limit=100')).body.items.every((p: any) => p.available > 0)).toBe(true)
    expect((await names('attr.brand=Logitech&limit=100')).sort()).toEqual(['Ergonomic Mouse', 'Webcam 1080p'])
  })

  it('When sorting and paging, then order and totals are right', async () => {
    const asc = (await search('sort=price_asc&limit=5')).body.items.map((p: any) => p.price.amount)
    expect(asc).toEqual([...asc].sort((a, b) => a - b))
    const desc = (await search('sort=price_desc&limit=5')).body.items.map((p: any) => p.price.amount)
    expect(desc).toEqual([...desc].sort((a, b) => b - a))
    const page2 = (await search('sort=price_asc&limit=5&page=2')).body
    expect(page2).toMatchObject({ page: 2, limit: 5, total: demoProductCount })
    expect(page2.items[0].price.amount).toBeGreaterThanOrEqual(asc[4])
    expect((await search('page=1000')).body).toMatchObject({ items: [], total: demoProductCount })
  })

  it('When a product is deactivated, then customers no longer find it; admins can ask for it', async () => {
    const { sql, search, as } = await ownCatalog()
    await sql`update products set active = false where sku = 'ELE-010'`
    expect((await search('q=webcam')).body.items).toEqual([])
    expect((await search('includeInactive=true&q=webcam', as.admin)).body.items[0].name).toBe('Webcam 1080p')
    expect((await search('includeInactive=true&q=webcam', as.customer)).status).toBe(403)
  })

  it('When the query is bad, then it is a 400 problem naming the parameter', async () => {
    const cases: [string, string][] = [
      ['limit=10000', 'limit'],
      ['page=-1', 'page'],
      ['page=0', 'page'],
      ['sort=cheapest', 'sort'],
      ['minPrice=-5', 'minPrice'],
      ['minPrice=500&maxPrice=100', 'minPrice'],
      ['inStock=yes', 'inStock'],
      ['colour=red', 'colour'],
      ['category=no-such-category', 'category'],
    ]
    for (const [query, param] of cases) {
      const { status, body } = await search(query)
      expect(status, query).toBe(400)
      expect(
        body.errors.map((e: any) => e.path),
        query,
      ).toContain(param)
    }
  })
})

describe('did you mean', () => {
  it('When the words typed find nothing, then the answer offers the search a typo meant, if that one finds something', async () => {
    const typo = await search('q=cofee grindr')
    expect(typo.body).toMatchObject({ total: 0, items: [], didYouMean: 'coffee grinder' })
    expect(await names(`q=${encodeURIComponent(typo.body.didYouMean)}`)).toContain('Burr Coffee Grinder')
    // accents and case aside, a word the catalog knows stays as it is
    expect((await search('q=CAFÉ expresso')).body.didYouMean).toBe('cafe espresso')
    // nothing alike, or a search that finds something: nothing offered
    expect((await search('q=zzqxv')).body).not.toHaveProperty('didYouMean')
    expect((await search('q=coffee')).body).not.toHaveProperty('didYouMean')
  })

  it('When the only alike word is a product no longer sold, then nothing is offered', async () => {
    const { sql, search } = await ownCatalog()
    expect((await search('q=webcm')).body.didYouMean).toBe('webcam')
    await sql`update products set active = false where sku = 'ELE-010'`
    expect((await search('q=webcm')).body).not.toHaveProperty('didYouMean')
  })
})

describe('bad input', () => {
  it('When a search carries NUL, invalid UTF-8, an over-long text or a page or limit out of range, then it is a 400 problem, never a 500', async () => {
    for (const query of [
      'q=%00',
      'category=%00',
      'q=%C3%28',
      `q=${'a'.repeat(1001)}`,
      'page=1e20',
      'limit=-1',
      'minPrice=1e400',
      'sort=%00',
    ]) {
      const { status, body } = await search(query)
      expect(status, query).toBe(400)
      expect(body.type, query).toMatch(/validation/)
    }
    expect((await send('GET', '/api/products/%00')).status).toBe(400)
    expect((await send('GET', '/api/categories?page=1e20')).status).toBe(400)
  })
})

describe('facets', () => {
  it('When a search asks for facets, then each count is what choosing that filter instead would find', async () => {
    const filters = 'minPrice=1000&maxPrice=4999'
    const { body } = await search(`${filters}&category=kitchen&facets=true`)
    expect(body.facets).toBeDefined()
    const total = async (query: string) => (await search(`${query}&limit=1`)).body.total as number
    // categories: the search without its own category filter, one category at a time
    expect(body.facets.categories.length).toBeGreaterThan(1)
    for (const cat of body.facets.categories)
      expect(cat.count, cat.slug).toBe(await total(`${filters}&category=${cat.slug}`))
    expect(body.facets.categories.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(
      await total(filters),
    )
    // price bands: the search without its own price filter, one band at a time
    expect(body.facets.priceBands).toHaveLength(5)
    for (const band of body.facets.priceBands) {
      const price = `minPrice=${band.min}${band.max === null ? '' : `&maxPrice=${band.max}`}`
      expect(band.count, price).toBe(await total(`category=kitchen&${price}`))
    }
    expect(body.facets.inStock).toBe(await total(`${filters}&category=kitchen&inStock=true`))
    // the answer is what the OpenAPI document states
    expect((await documentedAnswers(openApiDocument))('get', '/api/products', 200, body)).toEqual([])
    // without facets=true the answer is as before
    expect((await search(filters)).body.facets).toBeUndefined()
    expect((await search('facets=maybe')).status).toBe(400)
    // low stock: at most so many available
    const low = (await search('maxAvailable=5&limit=100')).body.items
    expect(low.every((p: { available: number }) => p.available <= 5)).toBe(true)
    expect((await search('maxAvailable=-1')).status).toBe(400)
  })
})

describe('suggestions', () => {
  it('When a shopper types the start of words, then matching names come back best first, accents and case aside', async () => {
    const suggest = async (q: string) => {
      const res = await send('GET', `/api/products/suggestions?q=${encodeURIComponent(q)}`)
      return { status: res.status, body: res.body }
    }
    expect((await suggest('caf cr')).body.items.map((p: any) => p.name)).toEqual(['Café Crème Espresso Beans 1 kg'])
    expect((await suggest('CAFÉ')).body.items.map((p: any) => p.name)).toContain('Café Crème Espresso Beans 1 kg')
    // a whole word matches as the search does (its stem)
    expect((await suggest('headphones')).body.items.map((p: any) => p.name)).toContain('Noise-Cancelling Headphones')
    expect((await suggest('coffee')).body.items.length).toBeLessThanOrEqual(8)
    expect((await suggest('zzzqqq')).body.items).toEqual([])
    expect((await suggest('!!!')).body.items).toEqual([])
    expect((await suggest('')).status).toBe(400)
    expect((await send('GET', '/api/products/suggestions?q=a&limit=50')).status).toBe(400)
  })
})
