import { expect, it } from 'vitest'
import { knownOr404, lookUp, neighbourOutages } from './outages.ts'
import { present } from './present.ts'

it('When a test goes on with a value, then it gets the value, 0 and empty text included, or a failure naming what was missing', () => {
  expect(present(0, 'a count')).toBe(0)
  expect(present('', 'a text')).toBe('')
  expect(() => present(undefined, 'the order')).toThrow('The test expected the order, and there was none.')
  expect(() => present(null, 'a redirect')).toThrow(/expected a redirect/)
})

it('When a fake neighbour is asked for what it does not know, then it answers the 404 the real service gives, naming it', () => {
  expect(knownOr404(0, 'a count')).toBe(0)
  expect(() => knownOr404(undefined, 'order SF-9')).toThrow(
    expect.objectContaining({ status: 404, detail: 'No order SF-9.' }),
  )
})

it('When a fake neighbour looks a key up, then it is unreachable while down, and otherwise gives what it knows or the 404 naming the key', async () => {
  const { reach, down } = neighbourOutages<'users'>()
  const contact = lookUp(new Map([['u-1', { name: 'Pat' }]]), 'user', () => reach('users'))
  expect(await contact('u-1')).toEqual({ name: 'Pat' })
  await expect(contact('u-2')).rejects.toMatchObject({ status: 404, detail: 'No user u-2.' })
  down.add('users')
  await expect(contact('u-1')).rejects.toMatchObject({ status: 503 })
})
