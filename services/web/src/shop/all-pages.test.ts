import { describe, expect, it } from 'vitest'
import { allPages } from './all-pages.ts'

/** A list served newest first, 20 a page, as the services page theirs. */
function pagedList(count: number) {
  const items = Array.from({ length: count }, (_, i) => ({ id: `item-${count - i}` }))
  const read = async (page: number) => ({ items: items.slice((page - 1) * 20, page * 20), total: items.length })
  return { items, read }
}

describe('reading every page of a list', () => {
  it('When a list spans pages and one is added at its top while they are read, then every item comes once, in order', async () => {
    const list = pagedList(45)
    const first = await list.read(1)
    // a new one arrives: the rest of the pages shift down by one
    list.items.unshift({ id: 'item-46' })
    const all = await allPages(first, list.read)
    expect(all.map((i) => i.id)).toEqual(Array.from({ length: 45 }, (_, i) => `item-${45 - i}`))
  })

  it('When a list is longer than `most`, then only the pages that hold that many are read; an empty list is its first page', async () => {
    const list = pagedList(100)
    const asked: number[] = []
    const all = await allPages(
      await list.read(1),
      (page) => {
        asked.push(page)
        return list.read(page)
      },
      50,
    )
    expect(asked).toEqual([2, 3])
    expect(all).toHaveLength(60)
    expect(await allPages({ items: [], total: 0 }, list.read)).toEqual([])
  })
})
