import { AppError } from '../errors.ts'

/**
 * Which neighbours a test's fakes treat as unreachable: `reach(name)` in a fake throws what
 * an unreachable neighbour gives (the `unavailable` AppError, 503 and retryable), and
 * `whileDown(name, work)` takes one down for a test's steps and back after, whatever they do.
 *
 * @example
 *   const outages = neighbourOutages<'users' | 'cart'>()
 *   const users = { contact: async (id) => (outages.reach('users'), contacts.get(id)) }
 *   await outages.whileDown('users', async () => expect((await checkout()).status).toBe(503))
 */
export function neighbourOutages<Name extends string = string>() {
  const down = new Set<Name>()
  return {
    down,
    reach(service: Name) {
      if (down.has(service)) throw new AppError('unavailable', `${service} cannot be reached.`)
    },
    async whileDown<T>(service: Name, work: () => Promise<T>): Promise<T> {
      down.add(service)
      try {
        return await work()
      } finally {
        down.delete(service)
      }
    },
  }
}
