import { describe, expect, it } from 'vitest'
import { basicCredentials } from './authenticate.ts'

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`

describe('HTTP Basic credentials', () => {
  it('When the header is Basic, then the user is before the first colon and the password all after it', () => {
    expect(basicCredentials(basic('sales:s3cret:with:colons'))).toEqual({
      user: 'sales',
      password: 's3cret:with:colons',
    })
    expect(basicCredentials(`bAsIc ${Buffer.from('users:pw').toString('base64')}`)).toEqual({
      user: 'users',
      password: 'pw',
    })
    expect(basicCredentials(basic('no-colon'))).toEqual({ user: 'no-colon', password: '' })
  })

  it('When the header is another scheme or missing, then there are none', () => {
    expect(basicCredentials('Bearer abc')).toBeUndefined()
    expect(basicCredentials(undefined)).toBeUndefined()
    expect(basicCredentials('')).toBeUndefined()
  })
})
