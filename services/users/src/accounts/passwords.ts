import { isProduction, StartupError } from '@shopfront/kit'

/** How hard a password's argon2id hash is to compute: memory in KiB, and passes over it. */
export interface HashingCost {
  memoryKiB: number
  timeCost: number
}

/**
 * Passwords hashed with argon2id at the configured cost (`users.passwordHashing`, read
 * live), never kept. `verifyNone` takes as long as a wrong password does, so an unknown
 * e-mail cannot be told from a known one by the time the answer takes.
 */
export function createPasswords(cost: () => HashingCost) {
  const options = () => ({ algorithm: 'argon2id' as const, memoryCost: cost().memoryKiB, timeCost: cost().timeCost })
  // a hash of nothing at the cost in force, to verify against when there is no user: made at
  // once, so that the first unknown e-mail does not pay for it too (two hashes, past a
  // caller's timeout on a busy machine); a new cost makes it again, at its first use, and a
  // cost argon2 refuses is said there, by the sign-in, as before
  let dummy: { key: string; hash: Promise<string> } | undefined
  const dummyHash = () => {
    const key = JSON.stringify(cost())
    if (dummy?.key !== key) dummy = { key, hash: Bun.password.hash('not-a-real-password', options()) }
    return dummy.hash
  }
  dummyHash().catch(() => {})
  return {
    hash: (password: string) => Bun.password.hash(password, options()),
    verify: (password: string, hash: string) => Bun.password.verify(password, hash),
    /**
     * A hash no password matches, for an account that has none anyone knows (closed, or
     * brought over from another system): of a random secret thrown away at once, at the
     * least cost, since no cost makes 256 random bits any easier to guess.
     */
    unusable: () =>
      Bun.password.hash(crypto.getRandomValues(new Uint8Array(32)).toHex(), {
        algorithm: 'argon2id',
        memoryCost: 1024,
        timeCost: 1,
      }),
    /** As long as a wrong password takes, and false. */
    async verifyNone(password: string) {
      await Bun.password.verify(password, await dummyHash())
      return false
    },
  }
}

export type Passwords = ReturnType<typeof createPasswords>

/** A production install hashes at OWASP's minimum cost or more (19 MiB, 2 passes); tests and development may go lower. */
export function refuseWeakHashing({ memoryKiB, timeCost }: HashingCost, env: Record<string, string | undefined>) {
  if (isProduction(env) && (memoryKiB < 19_456 || timeCost < 2))
    throw new StartupError(
      `users.passwordHashing is ${memoryKiB} KiB and ${timeCost} passes; production takes at least 19456 KiB and 2 passes`,
    )
}
