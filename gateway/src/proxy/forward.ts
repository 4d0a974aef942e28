import { AppError, type Instance, type TraceContext, traceparentOf } from '@shopfront/kit'

const hopByHop = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]
// what never goes upstream as the client sent it: hop-by-hop headers, the host (the upstream's
// own), Accept-Encoding (the body streams through as it is; never ask for an encoding we would
// have to undo), and the trace context (the gateway's own span is the upstream's parent)
const notForwarded = new Set([...hopByHop, 'host', 'accept-encoding', 'traceparent', 'tracestate'])

/** Hop-by-hop headers (and any the Connection header names) go no further than this hop; in place, for an upstream's response. */
export function dropHopByHop(headers: Headers): Headers {
  const connection = headers.get('connection')
  if (connection) for (const name of connection.split(',')) if (name.trim()) headers.delete(name.trim())
  for (const name of hopByHop) headers.delete(name)
  return headers
}

export interface Forwarding {
  /** The client's address, as the socket reports it (not a header the client could forge). */
  ip: string
  proto: string
  /** The Host the client asked for. */
  host: string
  requestId: string
  /** The gateway's span for the request: the upstream's parent. */
  trace: TraceContext
  /** Headers services trust from each other, never from a client (lower case). */
  stripped: string[]
}

/**
 * The request's headers as they go to an upstream: hop-by-hop and internally trusted
 * headers removed, X-Forwarded-*, X-Request-Id and the trace context (W3C) set, the
 * Authorization header unchanged.
 * A plain object, made in one pass: at tens of thousands of requests a second, a copy of
 * the Headers and a dozen deletes on it cost the proxy a tenth of its throughput.
 */
export function upstreamHeaders(
  incoming: Headers,
  { ip, proto, host, requestId, trace, stripped }: Forwarding,
): Record<string, string> {
  const all = incoming.toJSON() as Record<string, string>
  const named = all.connection ? all.connection.split(',').map((name) => name.trim().toLowerCase()) : []
  const headers: Record<string, string> = {}
  // for...in, not Object.entries: this runs on every proxied request
  for (const name in all) {
    const value = all[name]
    if (value === undefined || notForwarded.has(name) || name.startsWith('x-internal-')) continue
    if (stripped.includes(name) || named.includes(name)) continue
    headers[name] = value
  }
  const forwardedFor = all['x-forwarded-for']
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${ip}` : ip
  headers['x-forwarded-proto'] = proto
  headers['x-forwarded-host'] = host
  headers['x-request-id'] = requestId
  headers.traceparent = traceparentOf(trace)
  if (trace.state) headers.tracestate = trace.state
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

/**
 * For the breakers of upstream instances: failures that say nothing about the instance
 * itself. An explained 5xx, and a request the client spoiled (its body went over the limit
 * as it streamed: an AppError), or a few oversized uploads would take an instance off the gateway.
 */
export const notTheInstancesFault = (err: unknown) =>
  (err instanceof UpstreamStatusError && err.explained) || err instanceof AppError

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
    for (const entry of pending)
      if (entry.at <= now) {
        pending.delete(entry)
        entry.controller.abort()
      }
    if (pending.size === 0) {
      clearInterval(timer)
      timer = undefined
    }
  }
  return (timeoutMs: number) => {
    const entry = { at: performance.now() + timeoutMs, controller: new AbortController() }
    pending.add(entry)
    timer ??= setInterval(sweep, tickMs)
    return { signal: entry.controller.signal, clear: () => pending.delete(entry) }
  }
}

const deadline = createDeadlines()

export interface UpstreamRequest {
  method: string
  pathAndQuery: string
  headers: Record<string, string>
  body: ReadableStream | null
}

/**
 * Sends the request to one instance and resolves with its response as soon as headers
 * arrive; the body, both ways, streams without being buffered.
 */
export async function forwardTo(instance: Instance, request: UpstreamRequest, timeoutMs: number): Promise<Response> {
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
