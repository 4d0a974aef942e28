import { expect, it } from 'vitest'
import { addressDigests } from './erased-addresses.ts'

it("When an address is digested, then the same address (any case, any spaces) is known again, and under another secret it is another digest, also once the settings' secret changes", () => {
  let secret = 'a secret of the users service, long enough'
  const digest = addressDigests(() => secret)
  const ann = digest('ann@example.com')
  expect(digest(' Ann@Example.COM ')).toBe(ann)
  expect(digest('bob@example.com')).not.toBe(ann)
  expect(addressDigests(() => 'another secret entirely, just as long')('ann@example.com')).not.toBe(ann)
  secret = 'another secret entirely, just as long'
  expect(digest('ann@example.com')).toBe(addressDigests(() => secret)('ann@example.com'))
  expect(digest('ann@example.com')).not.toBe(ann)
})
