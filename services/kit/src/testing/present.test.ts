import { expect, it } from 'vitest'
import { present } from './present.ts'

it('When a test goes on with a value, then it gets the value, 0 and empty text included, or a failure naming what was missing', () => {
  expect(present(0, 'a count')).toBe(0)
  expect(present('', 'a text')).toBe('')
  expect(() => present(undefined, 'the order')).toThrow('The test expected the order, and there was none.')
  expect(() => present(null, 'a redirect')).toThrow(/expected a redirect/)
})
