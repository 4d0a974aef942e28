import type { Context, MiddlewareHandler } from 'hono'
import { AppError } from '../errors.ts'

/**
 * Refuses a body over `maxBytes` without buffering it: a declared Content-Length that is
 * too large is a 413 at once; a chunked body is counted as it streams and fails with a 413
 * when it crosses the limit (whoever reads it gets that error), so a proxy can pass large
 * bodies straight through. Returns the request to read from (the same one when no
 * counting is needed).
 */
export function limitedRequest(raw: Request, maxBytes: number): Request {
  const tooLarge = () => new AppError('payload_too_large', `The body is larger than ${maxBytes} bytes.`)
  // the headers first: asking a request for its body makes a stream, a cost on every request
  const declared = raw.headers.get('content-length')
  if (declared !== null && !raw.headers.has('transfer-encoding')) {
    if (Number(declared) > maxBytes) throw tooLarge()
    return raw
  }
  if (!raw.body) return raw
  let seen = 0
  const counted = raw.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > maxBytes) controller.error(tooLarge())
        else controller.enqueue(chunk)
      },
    }),
  )
  return new Request(raw, { body: counted, duplex: 'half' } as RequestInit)
}

/** `limitedRequest` on a Hono context: later handlers read the counted body. */
export function limitBody(c: Context, maxBytes: number) {
  c.req.raw = limitedRequest(c.req.raw, maxBytes)
}

/** `limitBody` as a middleware, for an app that does not start from `createServiceApp`. */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return (c, next) => {
    limitBody(c, maxBytes)
    return next()
  }
}
