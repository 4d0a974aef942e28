import { AppError } from '../errors.ts'

// what postgres.js and the socket say when the server is gone, restarting or full
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
])
// SQLSTATE: 08 connection exception, 57P01-03 shutdown / cannot connect now, 53300 too many connections
const unavailableStates = /^(08...|57P0[123]|53300)$/

/**
 * A database failure as the client should hear it, or undefined when it is not one:
 * a lost or refused connection is a retryable 503 with Retry-After (the pool reconnects
 * by itself, and a transaction cut short was rolled back by the server); a data
 * exception (SQLSTATE class 22: a NUL in text, a number out of range) is a 400, since
 * it can only come from a value the client sent that validation let through.
 */
export function databaseFailure(err: unknown, depth = 0): AppError | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined
  // domain code may have wrapped it (`new Error(..., { cause })`)
  if (!(err instanceof AppError) && 'cause' in err && err.cause) {
    const inner = databaseFailure(err.cause, depth + 1)
    if (inner) return inner
  }
  const code = String((err as { code?: unknown }).code ?? '')
  const isPostgres = (err as { name?: string }).name === 'PostgresError'
  if (connectionCodes.has(code) || (isPostgres && unavailableStates.test(code))) {
    return new AppError('unavailable', 'The database cannot be reached right now; try again in a moment.', {
      retryAfter: 1,
      cause: err,
      internal: { database: code },
    })
  }
  if (isPostgres && code.startsWith('22')) {
    return new AppError(
      'validation',
      'A value in the request cannot be stored or searched for (a NUL character, invalid text or a number out of range).',
      { cause: err, internal: { database: code } },
    )
  }
  return undefined
}
