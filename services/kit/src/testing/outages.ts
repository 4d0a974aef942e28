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

/**
 * What a fake neighbour knows, or the 404 the real service answers for what it does not
 * (the `not_found` AppError, naming it).
 *
 * @example
 *   contact: async (id) => (reach('users'), knownOr404(contacts.get(id), `user ${id}`))
 */
export function knownOr404<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new AppError('not_found', `No ${what}.`)
  return value
}

/**
 * A page of an in-memory list as a fake neighbour answers a list: `{ items, total, page,
 * limit }`, as every service pages one (API.md), pages counted from 1.
 *
 * @example
 *   orders: async (_token, { page = 1 }) => listPage(orders.toReversed(), Number(page), 20)
 */
export function listPage<T>(all: T[], page: number, limit: number) {
  return { items: all.slice((page - 1) * limit, page * limit), total: all.length, page, limit }
}

/**
 * A fake neighbour's lookup by key, as the real one answers: unreachable while `reach` says
 * so, then what `known` holds for the key, or the 404 naming `what` and the key.
 *
 * @example
 *   contact: lookUp(contacts, 'user', () => reach('users'))
 */
export const lookUp =
  <T>(known: Map<string, T>, what: string, reach: () => void) =>
  async (key: string): Promise<T> => {
    reach()
    return knownOr404(known.get(key), `${what} ${key}`)
  }
