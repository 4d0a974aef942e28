/**
 * The one error model of the platform: an AppError carries a type from a closed set,
 * and is rendered once, as RFC 9457 problem+json, by the root error handler.
 *
 * @example
 *   throw new AppError('not_found', `No product ${id}`)
 *   throw new AppError('validation', 'Invalid body', { errors: [{ path: 'price', message: 'must be >= 0' }] })
 */
export const errorTypes = {
  validation: { status: 400, title: 'Invalid request', retryable: false },
  unauthorized: { status: 401, title: 'Unauthorized', retryable: false },
  forbidden: { status: 403, title: 'Forbidden', retryable: false },
  payment_required: { status: 402, title: 'Payment declined', retryable: false },
  not_found: { status: 404, title: 'Not found', retryable: false },
  method_not_allowed: { status: 405, title: 'Method not allowed', retryable: false },
  conflict: { status: 409, title: 'Conflict', retryable: false },
  payload_too_large: { status: 413, title: 'Payload too large', retryable: false },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', retryable: false },
  unprocessable: { status: 422, title: 'Unprocessable request', retryable: false },
  rate_limited: { status: 429, title: 'Too many requests', retryable: true },
  internal: { status: 500, title: 'Internal error', retryable: false },
  bad_gateway: { status: 502, title: 'Bad gateway', retryable: true },
  unavailable: { status: 503, title: 'Service unavailable', retryable: true },
  timeout: { status: 504, title: 'Upstream timeout', retryable: true },
} as const

export type ErrorType = keyof typeof errorTypes

export interface FieldError {
  path: string
  message: string
}

export interface ErrorExtras {
  errors?: FieldError[]
  retryable?: boolean
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number
  cause?: unknown
  /** Facts for the code that catches the error; never rendered into the problem. */
  internal?: Record<string, unknown>
  /** RFC 9457's own members are the kit's to set: an extension named so would change what they mean. */
  type?: never
  title?: never
  status?: never
  detail?: never
  instance?: never
  [extension: string]: unknown
}

export class AppError extends Error {
  readonly status: number
  readonly title: string
  readonly retryable: boolean
  readonly extras: Omit<ErrorExtras, 'cause' | 'retryable' | 'internal'>
  readonly internal: Record<string, unknown>

  constructor(
    readonly type: ErrorType,
    readonly detail: string,
    { cause, retryable, internal = {}, ...extras }: ErrorExtras = {},
  ) {
    super(detail, { cause })
    this.name = 'AppError'
    const known = errorTypes[type] ?? errorTypes.internal
    this.status = known.status
    this.title = known.title
    this.retryable = retryable ?? known.retryable
    this.extras = extras
    this.internal = internal
  }
}

export const problemContentType = 'application/problem+json'

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  requestId?: string
  errors?: FieldError[]
  retryable?: boolean
  [extension: string]: unknown
}

const typeBase = 'https://shopfront.dev/problems/'

/** The problem+json body for an error (anything not an AppError is an opaque 500). */
export function toProblem(err: unknown, instance?: string, requestId?: string): Problem {
  const app = err instanceof AppError ? err : new AppError('internal', 'An unexpected error occurred.')
  const { retryAfter: _retryAfter, ...extensions } = app.extras
  // extensions first: the standard members are never overwritten by one
  return {
    ...extensions,
    type: typeBase + app.type.replaceAll('_', '-'),
    title: app.title,
    status: app.status,
    detail: app.detail,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    retryable: app.retryable,
  }
}

/** Turns a problem received from a neighbour back into an AppError. */
export function fromProblem(status: number, body: unknown): AppError {
  const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>
  const slug = typeof problem.type === 'string' ? problem.type.replace(typeBase, '').replaceAll('-', '_') : ''
  const type = (slug in errorTypes ? slug : typeForStatus(status)) as ErrorType
  const { type: _t, title: _ti, status: _s, detail, instance: _i, requestId: _r, retryable, ...rest } = problem
  return new AppError(type, typeof detail === 'string' ? detail : `Upstream answered ${status}`, {
    ...rest,
    retryable: typeof retryable === 'boolean' ? retryable : status >= 500 || status === 429,
    internal: { upstreamStatus: status },
  })
}

function typeForStatus(status: number): ErrorType {
  const match = Object.entries(errorTypes).find(([, t]) => t.status === status)
  if (match) return match[0] as ErrorType
  return status >= 500 ? 'bad_gateway' : 'validation'
}
