import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'
import { catalogColumns, importRows } from './catalog-csv.ts'
import { readCsv } from './csv.ts'

const web = await startWeb()
const admin = await web.signedIn('admin@example.com')
const csvFile = (text: string) => [new File([text], 'catalog.csv', { type: 'text/csv' })]
const skus = () => web.catalog.map((p) => p.sku)

describe('the catalog as a CSV file (/admin/products/import, /admin/products/export.csv)', () => {
  it('When an admin downloads the catalog, edits it and imports it, then the known products change, the new ones are added, and the page says how many', async () => {
    const exported = await admin.get('/admin/products/export.csv')
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(exported.headers.get('content-disposition')).toMatch(
      /^attachment; filename="catalog-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const rows = readCsv(await exported.text()) ?? []
    expect(rows[0]).toEqual([...catalogColumns])
    const beans = rows.find((r) => r[0] === 'COF-001') ?? []
    expect(beans).toEqual([
      'COF-001',
      'Café Crème Beans',
      'About Café Crème Beans.',
      '10.00',
      'coffee',
      '40',
      'yes',
      '',
      'roast: medium',
    ])

    // a price changed in the spreadsheet, a product added with its picture and attributes
    const edited = rows.map((r) => (r[0] === 'COF-001' ? r.with(3, '11.50') : r))
    edited.push([
      'TEA-9',
      'Sencha',
      'Green, from Shizuoka.',
      '8',
      'coffee',
      '12',
      'yes',
      'https://img.example/sencha.jpg',
      'leaf: whole\nweight_g: 100',
    ])
    const body = edited.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n')
    const sent = await admin.post('/admin/products/import', { file: csvFile(body) })
    expect(admin.redirectOf(sent)).toBe(`/admin/products/import?created=1&updated=${rows.length - 1}`)
    expect(await (await admin.follow(sent)).text()).toContain(
      `Imported: 1 product added, ${rows.length - 1} products changed.`,
    )
    expect(web.catalog.find((p) => p.sku === 'COF-001')?.price.amount).toBe(1150)
    expect(web.catalog.find((p) => p.sku === 'TEA-9')).toMatchObject({
      name: 'Sencha',
      price: { amount: 800, currency: 'USD' },
      stock: { onHand: 12 },
      images: ['https://img.example/sencha.jpg'],
      attributes: { leaf: 'whole', weight_g: 100 },
    })
    // the catalog's page leads here
    expect(await (await admin.get('/admin/products')).text()).toContain('href="/admin/products/import"')
  })

  it('When the file has problems, then every one is listed with its line and column, and nothing changes', async () => {
    const before = JSON.stringify(web.catalog)
    const page = async (text: string, status = 400) => {
      const res = await admin.post('/admin/products/import', { file: csvFile(text) })
      expect(res.status).toBe(status)
      return res.text()
    }
    const wrong = await page('sku,name,price,stock,active\nA-1,,12.5.0,-3,maybe\nA-2,Fine,3,,\n')
    expect(wrong).toContain('Nothing was imported: 4 problems')
    for (const problem of [
      'Line 2, name: a name',
      'Line 2, price: an amount like 12.50',
      'Line 2, stock: a whole number of units, or nothing',
      'Line 2, active: yes or no',
    ])
      expect(wrong).toContain(problem)
    expect(await page('sku,title,price\nA-1,x,1\n')).toContain('Unknown column “title”')
    expect(await page('name,price\nx,1\n')).toContain('The column “sku” is missing.')
    expect(await page('sku,name,price\n')).toContain('The file has no products under its header line.')
    expect(await page('sku,name,price\nA-1,"never closed,1\n')).toContain('A quoted cell is never closed')
    expect(
      await page(['sku,name,price', ...Array.from({ length: 1001 }, (_, i) => `B-${i},x,1`)].join('\n')),
    ).toContain('1001 products: at most 1000 at once.')
    expect(await page('')).toContain('Choose a CSV file to import.')
    // what products refuses is said the same way: an unknown category on the file's third line
    const refused = await page('sku,name,price,category\nC-1,Fine,1,coffee\nC-2,Lost,1,tea-ware\n', 422)
    expect(refused).toContain('Line 3, category: no category tea-ware')
    // both at once: what the file gets wrong and what products refuses, in one round, by line
    const both = await page('sku,name,price,category\nD-1,Lost,1,tea-ware\nD-2,,1,\nD-3,Also lost,1,nowhere\n')
    expect(both).toContain('Nothing was imported: 3 problems')
    const said = [...both.matchAll(/Line \d, \w+: [^<]+/g)].map((m) => m[0])
    expect(said).toEqual([
      'Line 2, category: no category tea-ware',
      'Line 3, name: a name',
      'Line 4, category: no category nowhere',
    ])
    expect(skus()).not.toContain('D-1')
    expect(JSON.stringify(web.catalog)).toBe(before)
    expect(skus()).not.toContain('C-1')
    const empty = await admin.post('/admin/products/import', { _csrf: admin.cookies.get('sf_csrf') ?? '' })
    expect(empty.status).toBe(400)
  })

  it('When a support agent or a customer tries, then a 403 page', async () => {
    const agent = await web.signedIn('agent@example.com')
    expect((await agent.get('/admin/products/import')).status).toBe(403)
    expect((await agent.get('/admin/products/export.csv')).status).toBe(403)
    expect((await agent.post('/admin/products/import', { file: csvFile('sku,name,price\nX-1,x,1\n') })).status).toBe(
      403,
    )
    expect(skus()).not.toContain('X-1')
  })

  it('When a file leaves columns out, then only those it has are sent (a known product keeps the rest); a comma decimal is a price', () => {
    const read = importRows('SKU;Name;Price;Stock\nA-1;Mug;4,5;\nA-2;Jug;1,000;\n')
    // a comma decimal as such a spreadsheet writes it; a thousands comma is no price (the line
    // that reads well comes with the problem, for products to check in the same round)
    expect(read).toEqual({
      problems: ['Line 3, price: an amount like 12.50'],
      readable: [{ index: 0, item: { sku: 'A-1', name: 'Mug', price: { amount: 450, currency: 'USD' } } }],
    })
    expect(importRows('SKU;Name;Price;Stock\nA-1;Mug;4,5;\n')).toEqual({
      items: [{ sku: 'A-1', name: 'Mug', price: { amount: 450, currency: 'USD' } }],
    })
  })
})
