import { AppError } from '@shopfront/kit'
import { describe, expect, it } from 'vitest'
import { cardRatings } from './card-ratings.ts'

/** A sales of the test's own: every product rated 4 by `count` reviews; `down` makes it fail as an unreachable one does. */
function salesStandIn() {
  const asked: string[][] = []
  const state = { down: false, count: 2 }
  const shop = {
    async ratings(productIds: string[]) {
      asked.push(productIds)
      if (state.down) throw new AppError('unavailable', 'sales cannot be reached')
      return productIds.map((productId) => ({ productId, count: state.count, average: 4, byStars: [0, 0, 0, 2, 0] }))
    },
  }
  return { shop, asked, state }
}

describe("the cards' stars", () => {
  it('When a page of cards asks, then sales is asked once for the products not known yet, and again once a minute has gone', async () => {
    const { shop, asked, state } = salesStandIn()
    let now = 0
    const ratings = cardRatings(shop, 60_000, () => now)
    expect(await ratings(['a', 'b'])).toEqual(
      new Map([
        ['a', { count: 2, average: 4 }],
        ['b', { count: 2, average: 4 }],
      ]),
    )
    now = 30_000
    state.count = 3
    expect((await ratings(['b', 'c', 'c'])).get('b')).toEqual({ count: 2, average: 4 })
    expect(asked).toEqual([['a', 'b'], ['c']])
    now = 61_000
    expect((await ratings(['a'])).get('a')).toEqual({ count: 3, average: 4 })
    expect(asked.at(-1)).toEqual(['a'])
  })

  it('When sales cannot answer, then the cards have no stars (the page still opens), and the next page asks again', async () => {
    const { shop, asked, state } = salesStandIn()
    const ratings = cardRatings(shop)
    state.down = true
    expect(await ratings(['a'])).toEqual(new Map())
    state.down = false
    expect((await ratings(['a'])).get('a')).toEqual({ count: 2, average: 4 })
    expect(asked).toEqual([['a'], ['a']])
  })
})
