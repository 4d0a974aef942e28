import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError, problemContentType, toProblem } from '../errors.ts'
import type { Logger } from '../logger.ts'

/** Renders any thrown error as problem+json; unexpected ones are logged and stay opaque. */
export function problemResponse(c: Context, err: unknown, logger?: Logger): Response {
  const appError = asAppError(err)
  if (appError.status >= 500 && !(err instanceof AppError)) {
    logger?.error('unhandled error', { err, requestId: c.get('requestId'), path: c.req.path })
  }
  const body = toProblem(appError, c.req.path, c.get('requestId'))
  const headers: Record<string, string> = { 'content-type': problemContentType }
  if (appError.extras.retryAfter !== undefined) headers['retry-after'] = String(appError.extras.retryAfter)
  if (appError.status === 401) headers['www-authenticate'] = String(appError.internal.wwwAuthenticate ?? 'Bearer realm="shopfront"')
  return c.newResponse(JSON.stringify(body), appError.status as 400, headers)
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    const type = err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthorized' : err.status < 500 ? 'validation' : 'internal'
    return new AppError(type, err.message || 'Request rejected.')
  }
  return new AppError('internal', 'An unexpected error occurred.', { cause: err })
}
