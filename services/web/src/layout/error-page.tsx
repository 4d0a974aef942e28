/** @jsxImportSource hono/jsx */
import { AppError, databaseFailure, type Logger } from '@shopfront/kit'
import type { WebContext } from '../session/session.ts'
import type { Render } from './render.tsx'

const titles: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That did not work',
  429: 'Slow down a little',
}

/**
 * Any failure as a page of the shop, never a stack trace: what happened in plain words, a
 * way on, and the request id to quote to support. A service that cannot be reached is a
 * 503 page that says the rest of the shop still works.
 */
export async function errorPage(c: WebContext, render: Render, err: unknown, logger: Logger) {
  const known = err instanceof AppError ? err : databaseFailure(err)
  const error = known ?? new AppError('internal', 'Something went wrong on our side.', { cause: err })
  if (!known) logger.error('unhandled error', { err, path: c.req.path, requestId: c.get('requestId') })
  const status = error.status
  const unavailable = status === 503 || status === 504 || status === 502
  const title = unavailable ? 'Back in a moment' : (titles[status] ?? 'Something went wrong')
  const text = unavailable
    ? 'Part of the shop is not answering right now. Your cart and your orders are safe; try again in a minute.'
    : status >= 500
      ? 'Something went wrong on our side. Try again; if it keeps happening, tell us the reference below.'
      : error.detail
  if (error.extras.retryAfter !== undefined) c.header('retry-after', String(error.extras.retryAfter))
  return render(
    c,
    { title },
    <section class="panel">
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">Back to the shop</a> · <a href="/cart">Your cart</a>
      </p>
      <p class="muted">{`Reference: ${c.get('requestId') ?? 'none'}`}</p>
    </section>,
    status,
  )
}
