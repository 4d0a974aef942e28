import { expect, it } from 'vitest'
import { Pager } from './parts.tsx'

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
})

it('When a list fits one page, or is empty, then there is no pager', async () => {
  expect(await pager(1, { total: 10, limit: 10 })).toBe('')
  expect(await pager(1, { total: 0, limit: 20 })).toBe('')
})
