import type { Context } from 'hono'
import { AppError, clientAddress, type Instance } from '@shopfront/kit'

const hopByHop = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection']

/** Hop-by-hop headers (and any the Connection header names) go no further than this hop. */
export function withoutHopByHop(headers: Headers): Headers {
  return dropHopByHop(new Headers(headers))
}

/** The same, in place: for an upstream's response headers, which are ours to change. */
export function dropHopByHop(headers: Headers): Headers {
  const connection = headers.get('connection')
  if (connection) for (const name of connection.split(',')) if (name.trim()) headers.delete(name.trim())
  for (const name of hopByHop) headers.delete(name)
  return headers
}

/** The client's address as the socket reports it (not a header the client could forge). */
export const clientIp = (c: Context) => clientAddress(c)

/**
 * The request as it goes to an upstream: hop-by-hop and internally trusted headers
 * removed, X-Forwarded-* and X-Request-Id set, the Authorization header unchanged.
 */
export function upstreamHeaders(c: Context, url: URL, ip: string, stripped: string[]): Headers {
  const headers = withoutHopByHop(c.req.raw.headers)
  for (const name of stripped) headers.delete(name)
  for (const name of [...headers.keys()]) if (name.startsWith('x-internal-')) headers.delete(name)
  const forwardedFor = c.req.header('x-forwarded-for')
  headers.set('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${ip}` : ip)
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''))
  headers.set('x-forwarded-host', c.req.header('host') ?? url.host)
  headers.set('x-request-id', c.get('requestId'))
  headers.delete('host')
  // the body streams through as it is; never ask for an encoding we would have to undo
  headers.delete('accept-encoding')
  return headers
}

/** Thrown when an upstream answered, but with a status worth trying elsewhere (502, 503, 504). */
export class UpstreamStatusError extends Error {
  constructor(readonly response: Response) {
    super(`upstream answered ${response.status}`)
  }

  /**
   * A problem+json answer: the instance is up and reasons about the request (e.g. "the
   * payment provider is unavailable"); a fault behind it, not of it. It does not count
   * against the instance's breaker, or one failing dependency would take the whole
   * service off the gateway. (An instance that is itself unwell fails its health check.)
   */
  get explained(): boolean {
    return (this.response.headers.get('content-type') ?? '').includes('application/problem+json')
  }
}

/** For the breakers of upstream instances: failures that say nothing about the instance itself. */
export const notTheInstancesFault = (err: unknown) => err instanceof UpstreamStatusError && err.explained

/** Thrown when nothing answered: refused, reset, or no headers within the timeout. */
export class UpstreamUnreachableError extends Error {
  constructor(
    readonly reason: 'refused' | 'timeout' | 'failed',
    message: string,
  ) {
    super(message)
  }
}

/**
 * Upstream deadlines, checked by one timer rather than one timer per request (at tens of
 * thousands of requests a second the timers alone cost the proxy a few percent); a
 * deadline is honoured within `tickMs`.
 */
function createDeadlines(tickMs = 50) {
  const pending = new Set<{ at: number; controller: AbortController }>()
  let timer: Timer | undefined
  const sweep = () => {
    const now = performance.now()
    for (const entry of pending) if (entry.at <= now) (pending.delete(entry), entry.controller.abort())
    if (pending.size === 0) (clearInterval(timer), (timer = undefined))
  }
  return (timeoutMs: number) => {
    const entry = { at: performance.now() + timeoutMs, controller: new AbortController() }
    pending.add(entry)
    timer ??= setInterval(sweep, tickMs)
    return { signal: entry.controller.signal, clear: () => pending.delete(entry) }
  }
}

const deadline = createDeadlines()

/**
 * Sends the request to one instance and resolves with its response as soon as headers
 * arrive; the body, both ways, streams without being buffered.
 */
export async function forwardTo(instance: Instance, request: { method: string; pathAndQuery: string; headers: Headers; body: ReadableStream | null }, timeoutMs: number): Promise<Response> {
  const { signal, clear } = deadline(timeoutMs)
  try {
    const res = await fetch(instance.url + request.pathAndQuery, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
      duplex: 'half',
    } as RequestInit)
    if (res.status === 502 || res.status === 503 || res.status === 504) throw new UpstreamStatusError(res)
    return res
  } catch (err) {
    if (err instanceof UpstreamStatusError || err instanceof AppError) throw err
    if (signal.aborted) throw new UpstreamUnreachableError('timeout', `no answer within ${timeoutMs} ms`)
    const code = (err as { code?: string }).code
    const refused = code === 'ConnectionRefused' || code === 'ECONNREFUSED'
    throw new UpstreamUnreachableError(refused ? 'refused' : 'failed', (err as Error).message)
  } finally {
    clear()
  }
}
