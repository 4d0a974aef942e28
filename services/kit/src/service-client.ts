import { currentRequestId, currentTrace } from './context.ts'
import type { z } from 'zod'
import { AppError, fromProblem } from './errors.ts'
import type { Breakers, BreakerOptions } from './breaker.ts'
import type { Discovery, Instance } from './discovery/discovery.ts'
import type { Logger } from './logger.ts'
import { endClientSpan, startSpan, type TraceContext, traceparentOf } from './tracing.ts'

export interface ServiceClientOptions {
  /** The registry name of the neighbour. */
  service: string
  discovery: Discovery
  breakers: Breakers
  logger?: Logger
  timeoutMs?: number
  /** Extra attempts, on other instances, for idempotent calls. */
  retries?: number
  backoffMs?: number
  breaker?: BreakerOptions
  /**
   * This service's own credentials (its service token), for calls that bring no caller's
   * token; `fresh` asks for a new one because a neighbour refused the last.
   */
  credentials?: (options?: { fresh?: boolean }) => Promise<string | undefined> | string | undefined
  fetch?: typeof fetch
}

export interface CallOptions<T> {
  /** Sent as JSON. */
  body?: unknown
  /** Sent as the body instead, as it is, with its own type (an upload: a picture's file). */
  file?: Blob
  query?: Record<string, string | number | boolean | undefined>
  headers?: Record<string, string>
  /** Sent as X-Request-Id; by default the id of the request being served (see runWithRequestContext). */
  requestId?: string
  /** Forwarded as Authorization (e.g. the caller's token; a bare token goes as `Bearer <token>`). */
  authorization?: string
  /** Validates the answer; a neighbour answering something else is a 502. */
  schema?: z.ZodType<T>
  /** Calls that may be repeated safely; GET, HEAD, PUT, DELETE and OPTIONS are by default. */
  idempotent?: boolean
  /** What to answer when the neighbour cannot be reached (not for its 4xx answers). */
  fallback?: (error: AppError) => T | Promise<T>
  timeoutMs?: number
}

interface OutgoingRequest {
  method: string
  path: string
  headers: Headers
  body?: string | Blob
  /** The span of the request being served: each attempt is a client span under it. */
  parent?: TraceContext
}

const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

/**
 * Calls a neighbour by its registry name: picks a healthy instance (round robin, skipping
 * those whose breaker is open), runs the call inside that instance's opossum breaker with
 * a timeout, retries idempotent calls on another instance with backoff, passes on the
 * request id and credentials, and turns problem+json answers back into AppErrors.
 *
 * @example
 *   const products = createServiceClient({ service: 'products', discovery, breakers })
 *   const product = await products.get(`/api/products/${id}`, { schema: productSchema, requestId })
 */
export function createServiceClient({
  service,
  discovery,
  breakers,
  logger,
  timeoutMs = 2000,
  retries = 2,
  backoffMs = 25,
  breaker: breakerOptions,
  credentials,
  fetch: doFetch = fetch,
}: ServiceClientOptions) {
  const breakerName = (instance: Instance) => `${service}@${instance.id}`

  const send = async (instance: Instance, request: OutgoingRequest, timeout: number): Promise<Response> => {
    const signal = AbortSignal.timeout(timeout)
    const span = startSpan('client', `${request.method} ${service}`, request.parent, {
      'http.request.method': request.method,
      'server.address': instance.address,
      'server.port': instance.port,
      'url.full': instance.url + request.path,
      'peer.service': service,
    })
    request.headers.set('traceparent', traceparentOf(span.trace))
    if (span.trace.state) request.headers.set('tracestate', span.trace.state)
    let res: Response | undefined
    let failure: string | undefined
    try {
      res = await doFetch(instance.url + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      })
      if (res.status >= 500) {
        const explained = (res.headers.get('content-type') ?? '').includes('application/problem+json')
        const error = fromProblem(res.status, await res.json().catch(() => ({})))
        throw Object.assign(error, { response: res, explained })
      }
      return res
    } catch (err) {
      if (err instanceof AppError) throw err
      failure = signal.aborted ? 'timeout' : 'unavailable'
      if (signal.aborted)
        throw new AppError('timeout', `${service} did not answer within ${timeout} ms.`, { cause: err })
      const refused = isRefused(err)
      throw new AppError('unavailable', `${service} cannot be reached.`, {
        cause: err,
        internal: { notSent: refused, refused },
      })
    } finally {
      endClientSpan(span, { ...(res ? { status: res.status } : {}), ...(failure ? { failure } : {}) })
    }
  }

  async function call<T>(method: string, path: string, options: CallOptions<T> = {}): Promise<T> {
    const idempotent = options.idempotent ?? idempotentMethods.has(method)
    const tried = new Set<string>()
    let lastError: AppError = new AppError('unavailable', `No healthy instance of ${service} is registered.`)
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random())))
      if (attempt === 0) await discovery.ready(service)
      const instance = discovery.pick(service, (i) => tried.has(i.id) || breakers.isOpen(breakerName(i)))
      if (!instance) break
      tried.add(instance.id)
      // a problem+json 5xx is the neighbour explaining a fault behind it: not the instance's fault, so not its breaker's business
      const breaker = breakers.get(breakerName(instance), send, {
        errorFilter: (err) => (err as { explained?: boolean }).explained === true,
        ...breakerOptions,
      })
      try {
        const request = await buildRequest(method, path, options)
        const timeout = options.timeoutMs ?? timeoutMs
        let res = await breaker.fire(instance, request, timeout)
        if (options.authorization === undefined && asService(path) && tokenRefused(res)) {
          // a stale token of ours (signed with a key since retired, say): once more with a fresh one
          await res.body?.cancel()
          const fresh = await ourCredentials({ fresh: true })
          if (fresh) request.headers.set('authorization', bearer(fresh))
          res = await breaker.fire(instance, request, timeout)
          if (tokenRefused(res)) throw await refusedUs(res)
        }
        return await decode(res, options.schema)
      } catch (err) {
        lastError = asAppError(err, service)
        // a 4xx is the neighbour's answer, not a fault: no retry, no fallback
        if (!lastError.retryable || lastError.status < 500) throw lastError
        // nothing listens there any more: eject the instance now rather than after a few more failures
        if (lastError.internal.refused === true && !breaker.opened) breaker.open()
        // a call that never reached the neighbour may go to another instance, whatever its method
        if (!idempotent && lastError.internal.notSent !== true) break
        logger?.debug('retrying on another instance', { service, instance: instance.id, error: lastError.detail })
      }
    }
    if (options.fallback) return options.fallback(lastError)
    throw lastError
  }

  async function buildRequest(method: string, path: string, options: CallOptions<unknown>): Promise<OutgoingRequest> {
    const url = new URL(path, 'http://upstream')
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v))
    const headers = new Headers(options.headers)
    headers.set('accept', 'application/json, application/problem+json')
    // the request being served, unless the call names another
    const requestId = options.requestId ?? currentRequestId()
    if (requestId) headers.set('x-request-id', requestId)
    const parent = currentTrace()
    const auth = options.authorization ?? (asService(path) ? await ourCredentials() : undefined)
    if (auth) headers.set('authorization', bearer(auth))
    let body: string | Blob | undefined
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers.set('content-type', 'application/json')
    } else if (options.file) {
      body = options.file
      headers.set('content-type', options.file.type || 'application/octet-stream')
    }
    return { method, path: url.pathname + url.search, headers, body, ...(parent ? { parent } : {}) }
  }

  // a call to an internal route that brings no caller's token goes as this service: its
  // token refused, or failing to get one, is this service's fault (a wrong secret, a key
  // users no longer publishes), never the caller's: a 502, which callers meet as any
  // neighbour's fault (their fallbacks answer), and the log says what was refused
  async function ourCredentials(options?: { fresh?: boolean }) {
    try {
      return await credentials?.(options)
    } catch (err) {
      const error = asAppError(err, 'users')
      if (error.status >= 500) throw error
      logger?.error('this service could not get its credentials', { service, error: error.detail })
      throw new AppError('bad_gateway', `This service could not get its credentials to call ${service}.`, {
        cause: error,
      })
    }
  }

  async function refusedUs(res: Response): Promise<AppError> {
    const refusal = fromProblem(res.status, await res.json().catch(() => ({})))
    logger?.error("a neighbour refused this service's credentials", {
      service,
      status: res.status,
      error: refusal.detail,
    })
    return new AppError('bad_gateway', `${service} refused this service's credentials.`, { cause: refusal })
  }

  async function decode<T>(res: Response, schema?: z.ZodType<T>): Promise<T> {
    const text = await res.text()
    let body: unknown
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        // a refusal in plain text (a 404 page) is still that status; a success must be JSON
        if (res.status < 400) throw new AppError('bad_gateway', `${service} answered with a body that is not JSON.`)
      }
    }
    if (res.status >= 400) throw fromProblem(res.status, body)
    if (!schema) return body as T
    const parsed = schema.safeParse(body)
    if (!parsed.success)
      throw new AppError('bad_gateway', `${service} answered in an unexpected shape.`, { cause: parsed.error })
    return parsed.data
  }

  return {
    service,
    request: call,
    get: <T>(path: string, o?: CallOptions<T>) => call<T>('GET', path, o),
    post: <T>(path: string, o?: CallOptions<T>) => call<T>('POST', path, o),
    put: <T>(path: string, o?: CallOptions<T>) => call<T>('PUT', path, o),
    patch: <T>(path: string, o?: CallOptions<T>) => call<T>('PATCH', path, o),
    delete: <T>(path: string, o?: CallOptions<T>) => call<T>('DELETE', path, o),
  }
}

export type ServiceClient = ReturnType<typeof createServiceClient>

const bearer = (auth: string) => (auth.includes(' ') ? auth : `Bearer ${auth}`)

/**
 * Whether a call goes with this service's own token: only to a neighbour's `/internal/`
 * routes, the only ones that ask for it. A public route goes without (nothing there needs
 * it), so it never waits on users for a token, nor fails when users is away.
 */
const asService = (path: string) => path.startsWith('/internal/')

/** A 401 that refuses the bearer token sent (RFC 6750's invalid_token), not one about the request (a wrong password). */
const tokenRefused = (res: Response) =>
  res.status === 401 && (res.headers.get('www-authenticate') ?? '').includes('error="invalid_token"')

function asAppError(err: unknown, service: string): AppError {
  if (err instanceof AppError) return err
  const code = (err as { code?: string }).code
  if (code === 'EOPENBREAKER')
    return new AppError('unavailable', `${service} is failing; its circuit breaker is open.`, {
      internal: { notSent: true },
    })
  return new AppError('unavailable', `${service} call failed: ${(err as Error).message}`, { cause: err })
}

function isRefused(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? ''
  return code === 'ConnectionRefused' || code === 'ECONNREFUSED'
}
