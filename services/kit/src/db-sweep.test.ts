import { expect, it } from 'vitest'
import { inBatches } from './db-sweep.ts'

/** A backlog of `rows`, deleted `size` at a time; the sizes asked for. */
const backlog = (rows: number) => {
  const asked: number[] = []
  return {
    asked,
    deleteBatch: async (size: number) => {
      asked.push(size)
      const gone = Math.min(size, rows)
      rows -= gone
      return gone
    },
  }
}

it('When a backlog is deleted in batches, then batches run until one comes back short, and no more than a run may take', async () => {
  const five = backlog(5)
  expect(await inBatches(five.deleteBatch, { size: 2 })).toBe(5)
  expect(five.asked).toEqual([2, 2, 2])
  const four = backlog(4)
  // a full last batch: one more, empty, says it is done
  expect(await inBatches(four.deleteBatch, { size: 2 })).toBe(4)
  expect(four.asked).toEqual([2, 2, 2])
  const many = backlog(10)
  expect(await inBatches(many.deleteBatch, { size: 2, maxBatches: 3 })).toBe(6)
  expect(await inBatches(many.deleteBatch, { size: 2, maxBatches: 3 })).toBe(4)
})
