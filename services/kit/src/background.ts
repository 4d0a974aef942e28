import { runWithRequestContext } from './context.ts'
import type { Logger } from './logger.ts'
import { startSpan } from './tracing.ts'

/**
 * Work a service repeats in the background (sending the outbox, recovering unfinished
 * orders, sending campaigns): `run` every `intervalMs` after the previous run ended, never
 * two runs at once; a failed run is logged and tried again at the next tick. `stop()`
 * waits for a run in progress, so nothing is cut off half-way on shutdown.
 *
 * @example
 *   const recovery = repeatInBackground({ name: 'order recovery', run: () => recoverOrders(), intervalMs: () => 5000, logger })
 *   recovery.start()
 */
export function repeatInBackground<T>({
  name,
  run,
  intervalMs,
  logger,
}: {
  name: string
  run: () => Promise<T>
  intervalMs: () => number
  logger?: Logger
}) {
  let timer: Timer | undefined
  let running: Promise<T | undefined> | undefined
  let stopped = true

  const tick = async () => {
    running = run().catch((err) => {
      logger?.warn(`${name} failed; trying again`, { error: (err as Error).message })
      return undefined
    })
    await running
    running = undefined
    if (!stopped) timer = setTimeout(tick, intervalMs())
  }

  return {
    /** The run in progress, or a new one now (tests, and a nudge right after new work arrived). */
    runNow: (): Promise<T | undefined> => running ?? run(),
    start() {
      stopped = false
      timer = setTimeout(tick, 0)
    },
    /** Starts the next run at once instead of at the next interval (when running in the background). */
    nudge() {
      if (stopped || running) return
      clearTimeout(timer)
      timer = setTimeout(tick, 0)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

/**
 * Works through claimed batches until a claim comes back empty: `claim` takes the next batch
 * (claiming its items so that the next call does not take them again), `each` does one item.
 * An item that fails is handed to `failed` (to log it) and left for a later run: the others
 * go on. Each item is a trace of its own, `name` (see inTrace). How many were done.
 *
 * @example
 *   const recovered = await workThrough('checkout recovery', () => orders.claimUnfinished(30), checkout.recover, (order, err) =>
 *     logger.warn('could not recover the order yet; will retry', { orderId: order.id, error: String(err) }))
 */
export async function workThrough<T>(
  name: string,
  claim: () => Promise<T[]>,
  each: (item: T) => Promise<unknown>,
  failed: (item: T, err: unknown) => void,
): Promise<number> {
  let done = 0
  for (let batch = await claim(); batch.length > 0; batch = await claim())
    for (const item of batch)
      await inTrace(name, async () => {
        try {
          await each(item)
          done++
        } catch (err) {
          failed(item, err)
          throw err
        }
      }).catch(() => {}) // told to `failed` (in the trace, so its log line names it); left for a later run
  return done
}

/**
 * Runs a piece of background work (a recovery, a retry) as a trace of its own, `name` being
 * its first span: the neighbours it calls are children of it, and each line it logs carries
 * its `traceId` (it has no request id). A failure marks the span, and is thrown on.
 */
export async function inTrace<T>(name: string, work: () => Promise<T>): Promise<T> {
  const span = startSpan('internal', name)
  try {
    const result = await runWithRequestContext({ trace: span.trace }, work)
    span.end()
    return result
  } catch (err) {
    span.end({ error: err instanceof Error ? err.message : String(err) })
    throw err
  }
}
