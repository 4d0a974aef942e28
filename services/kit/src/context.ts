import { AsyncLocalStorage } from 'node:async_hooks'
import type { TraceContext } from './tracing.ts'

/** What travels with a request through every await: its id, the caller and its place in the trace. */
export interface RequestContext {
  /** The request's id (background work has none). */
  requestId?: string
  /** Who is calling (a user id, or `service:<name>`), once the request's token was verified. */
  caller?: string
  /** The span serving the request: the kit's client makes its calls children of it. */
  trace?: TraceContext
}

const storage = new AsyncLocalStorage<RequestContext>()

/**
 * Runs `work` as part of a request: everything it awaits sees the request's context, so the
 * kit's client and logger read the request id and the trace from here, and domain functions
 * never take them as parameters. The kit's `edge` middleware does this for every request of
 * a service app (and `inTrace` for a piece of background work).
 *
 * @example
 *   await runWithRequestContext({ requestId: 'abc' }, () => users.get('/internal/users/1')) // sends X-Request-Id: abc
 */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work)
}

/** The request id of the request being served, if any (background work has none). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId
}

/** Where the request being served is in its trace, if any (background work has none). */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore()?.trace
}

/** The request being served, if any: what the logger adds to every line. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore()
}

/** Who is calling in the request being served, if its token was verified. */
export function currentCaller(): string | undefined {
  return storage.getStore()?.caller
}

/** Records the verified caller in the request's context (the kit's `authenticate` does). */
export function identifyCaller(caller: string) {
  const context = storage.getStore()
  if (context) context.caller = caller
}
