import type { Context } from 'hono'
import { parseDuration } from '../durations.ts'
import type { IndexClock } from '../state.ts'

const defaultWaitMs = 5 * 60_000
const maxWaitMs = 10 * 60_000

/**
 * Consul's blocking query: with `?index=N` the answer waits until what `indexOf` measures
 * moves past N (or `wait` passes, plus up to wait/16 of jitter), then carries the new
 * X-Consul-Index. An index ahead of ours (the registry restarted) answers at once, so the
 * client resets instead of hanging.
 */
export async function blockingQuery(c: Context, clock: IndexClock, indexOf: () => number) {
  const requested = Number(c.req.query('index') ?? 0)
  if (Number.isFinite(requested) && requested > 0 && requested <= clock.index && indexOf() <= requested) {
    const wait = Math.min(parseDuration(c.req.query('wait')) ?? defaultWaitMs, maxWaitMs)
    keepOpen(c)
    await clock.waitPast(indexOf, requested, wait + Math.random() * (wait / 16), c.req.raw.signal)
  }
  consulHeaders(c, indexOf())
}

export function consulHeaders(c: Context, index: number) {
  c.header('X-Consul-Index', String(Math.max(index, 1)))
  c.header('X-Consul-KnownLeader', 'true')
  c.header('X-Consul-LastContact', '0')
  c.header('X-Consul-Default-ACL-Policy', 'allow')
}

/** Bun closes a request idle for 10 s by default; a long poll must opt out. */
function keepOpen(c: Context) {
  const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined
  server?.timeout?.(c.req.raw, 0)
}

/** Consul answers errors as plain text. */
export function consulError(c: Context, status: 400 | 404 | 405 | 500, message: string) {
  return c.text(message, status)
}
