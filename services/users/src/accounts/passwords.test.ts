import { describe, expect, it, vi } from 'vitest'
import { StartupError } from '@shopfront/kit'
import { createPasswords, refuseWeakHashing } from './passwords.ts'

describe('passwords', () => {
  it('When a password is hashed, then it is argon2id at the cost in force, read live; a wrong one and an unknown account are both false', async () => {
    let cost = { memoryKiB: 1024, timeCost: 1 }
    const passwords = createPasswords(() => cost)
    const hash = await passwords.hash('correct-horse')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,/)
    expect(await passwords.verify('correct-horse', hash)).toBe(true)
    expect(await passwords.verify('wrong-horse', hash)).toBe(false)
    expect(await passwords.verifyNone('correct-horse')).toBe(false)
    cost = { memoryKiB: 2048, timeCost: 2 }
    expect(await passwords.hash('correct-horse')).toMatch(/^\$argon2id\$v=19\$m=2048,t=2,/)
    // a hash made at the old cost still verifies
    expect(await passwords.verify('correct-horse', hash)).toBe(true)
  })

  it('When an unknown account signs in, then its answer costs one hash, as a known one’s does: the hash it is checked against was made beforehand', async () => {
    const hash = vi.spyOn(Bun.password, 'hash')
    try {
      const passwords = createPasswords(() => ({ memoryKiB: 1024, timeCost: 1 }))
      expect(hash).toHaveBeenCalledTimes(1)
      expect(await passwords.verifyNone('a guess')).toBe(false)
      expect(await passwords.verifyNone('another guess')).toBe(false)
      expect(hash).toHaveBeenCalledTimes(1)
    } finally {
      hash.mockRestore()
    }
  })

  it('When an account gets a password nobody knows, then no password matches it, each is another, and it costs the least whatever the cost in force', async () => {
    const passwords = createPasswords(() => ({ memoryKiB: 2048, timeCost: 2 }))
    const [one, two] = [await passwords.unusable(), await passwords.unusable()]
    expect(one).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,/)
    expect(one).not.toBe(two)
    for (const guess of ['', 'password', 'undefined']) expect(await passwords.verify(guess, one)).toBe(false)
  })

  it('When production would hash below OWASP’s minimum, then users refuses to start; development and tests may', () => {
    const production = { NODE_ENV: 'production' }
    expect(() => refuseWeakHashing({ memoryKiB: 1024, timeCost: 1 }, production)).toThrow(StartupError)
    expect(() => refuseWeakHashing({ memoryKiB: 65_536, timeCost: 1 }, production)).toThrow(
      /at least 19456 KiB and 2 passes/,
    )
    expect(() => refuseWeakHashing({ memoryKiB: 19_456, timeCost: 2 }, production)).not.toThrow()
    expect(() => refuseWeakHashing({ memoryKiB: 1024, timeCost: 1 }, {})).not.toThrow()
  })
})
