import { expect, it } from 'vitest'
import { filtersOf, pageLinks } from '../forms.ts'
import { Pager, pagerItems } from './parts.tsx'
import { PagedTable } from './table.tsx'

/** The pager's HTML, as a page would render it ('' for none). */
const pager = async (page: number, of: { total: number; limit: number }) =>
  String((await Pager({ page, of, href: (p) => `/admin/orders?page=${p}` })?.toString()) ?? '')

it('When a list has more than one page, then the pager links the first, the neighbours and the last, and marks the current one', async () => {
  const html = await pager(3, { total: 95, limit: 10 })
  const links = [...html.matchAll(/<a href="([^"]+)"(?: rel="\w+")?>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]])
  expect(links).toEqual([
    ['Previous', '/admin/orders?page=2'],
    ['1', '/admin/orders?page=1'],
    ['2', '/admin/orders?page=2'],
    ['4', '/admin/orders?page=4'],
    ['10', '/admin/orders?page=10'],
    ['Next', '/admin/orders?page=4'],
  ])
  expect(html).toContain('<span aria-current="page">3</span>')
  expect(html).toMatch(
    /page=4">4<\/a><\/li><li aria-hidden="true"><span class="gap">…<\/span><\/li><li><a href="[^"]+page=10"/,
  )
})

it('When pages are skipped, then one skipped page is named and more are an ellipsis, so none seems to be missing', () => {
  expect(pagerItems(1, 4)).toEqual([1, 2, 3, 4])
  expect(pagerItems(4, 4)).toEqual([1, 2, 3, 4])
  expect(pagerItems(1, 10)).toEqual([1, 2, null, 10])
  expect(pagerItems(5, 10)).toEqual([1, null, 4, 5, 6, null, 10])
  expect(pagerItems(3, 5)).toEqual([1, 2, 3, 4, 5])
  expect(pagerItems(2, 2)).toEqual([1, 2])
})

it('When a list fits one page, or is empty, then there is no pager', async () => {
  expect(await pager(1, { total: 10, limit: 10 })).toBe('')
  expect(await pager(1, { total: 0, limit: 20 })).toBe('')
})

it('When a filtered list is paged, then its pager links keep the filters; an empty one shows what it says in the table’s place', async () => {
  const table = async (items: { id: string }[], total: number, empty?: string) =>
    String(
      await PagedTable({
        caption: 'Orders',
        found: { items, total, limit: 1 },
        page: 1,
        href: pageLinks('/admin/orders', filtersOf({ status: 'paid', email: '', page: '1' })),
        columns: [{ head: 'Order', cell: (o) => o.id }],
        empty,
      }).toString(),
    )
  const paged = await table([{ id: 'SF-1' }], 2)
  expect(paged).toContain('<td>SF-1</td>')
  expect(paged).toContain('href="/admin/orders?status=paid&amp;page=2"')
  expect(await table([], 0, 'No orders yet.')).not.toContain('<table')
  expect(await table([], 0, 'No orders yet.')).toContain('No orders yet.')
  expect(await table([], 0)).toContain('<table')
})
