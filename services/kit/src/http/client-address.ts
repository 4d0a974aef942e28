import type { Context } from 'hono'
import { getConnInfo } from 'hono/bun'

/**
 * The client's address. At the edge (the gateway) it is the socket's: a header there is
 * whatever the client wrote. Behind the gateway (`forwarded: true`) it is the last
 * X-Forwarded-For entry, the one the gateway appended, with the socket as the fallback.
 */
export function clientAddress(c: Context, { forwarded = false } = {}): string {
  if (forwarded) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (last) return last
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
