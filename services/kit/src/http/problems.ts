import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, problemContentType, toProblem } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { databaseFailure } from './database-errors.ts'

/** Renders any thrown error as problem+json; unexpected ones are logged and stay opaque. */
export function problemResponse(c: Context, err: unknown, logger?: Logger): Response {
  const { body, status, headers } = problemParts(err, { path: c.req.path, requestId: c.get('requestId'), logger })
  // through the context, so headers set before the error (e.g. RateLimit) stay on the answer
  return c.newResponse(body, status as 400, headers)
}

/**
 * The same for code that runs without a Hono context (the gateway's proxy path).
 *
 * @example
 *   return problemFor(new AppError('not_found', 'No route.'), { path: '/nowhere', requestId })
 */
export function problemFor(err: unknown, where: { path: string; requestId?: string; logger?: Logger }): Response {
  const { body, status, headers } = problemParts(err, where)
  return new Response(body, { status, headers })
}

function problemParts(
  err: unknown,
  { path, requestId, logger }: { path: string; requestId?: string; logger?: Logger },
) {
  const database = databaseFailure(err)
  const appError = database ?? asAppError(err)
  if (database)
    logger?.warn(
      database.status === 400 ? 'the database refused a value validation let through' : 'database unavailable',
      { code: database.internal.database, requestId, path },
    )
  else if (appError.status >= 500 && !(err instanceof AppError))
    logger?.error('unhandled error', { err, requestId, path })
  const headers: Record<string, string> = { 'content-type': problemContentType }
  if (appError.extras.retryAfter !== undefined) headers['retry-after'] = String(appError.extras.retryAfter)
  if (appError.status === 401)
    headers['www-authenticate'] = String(appError.internal.wwwAuthenticate ?? 'Bearer realm="shopfront"')
  return { body: JSON.stringify(toProblem(appError, path, requestId)), status: appError.status, headers }
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    const type =
      err.status === 413
        ? 'payload_too_large'
        : err.status === 401
          ? 'unauthorized'
          : err.status < 500
            ? 'validation'
            : 'internal'
    return new AppError(type, err.message || 'Request rejected.')
  }
  return new AppError('internal', 'An unexpected error occurred.', { cause: err })
}
