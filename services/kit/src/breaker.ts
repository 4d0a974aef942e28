import CircuitBreaker from 'opossum'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'

export interface BreakerOptions {
  /** Failure percentage (in the rolling window) that opens the breaker. */
  errorThresholdPercentage?: number
  /** Calls in the window before the percentage counts. */
  volumeThreshold?: number
  /** How long the breaker stays open before letting one trial call through. */
  resetTimeout?: number
  rollingCountTimeout?: number
  /** Errors that are an answer, not a fault (e.g. a declined card): they neither count nor open the breaker. */
  errorFilter?: (err: unknown) => boolean
}

const stateValue = { closed: 0, halfOpen: 1, open: 2 } as const

/**
 * Named opossum breakers that report their state and events to the metrics, and list
 * their states for readiness. The action itself enforces its timeout (by aborting), so
 * opossum's own timer is off.
 *
 * @example
 *   const breakers = createBreakers({ metrics, logger })
 *   const breaker = breakers.get('products@products-1', (req) => fetch(req))
 */
export function createBreakers({
  metrics,
  logger,
  defaults = {},
}: {
  metrics?: Metrics
  logger?: Logger
  defaults?: BreakerOptions
} = {}) {
  const all = new Map<string, CircuitBreaker>()
  return {
    get<A extends unknown[], R>(
      name: string,
      action: (...args: A) => Promise<R>,
      options: BreakerOptions = {},
    ): CircuitBreaker<A, R> {
      const existing = all.get(name)
      if (existing) return existing as CircuitBreaker<A, R>
      const breaker = new CircuitBreaker(action, {
        timeout: false,
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        resetTimeout: 5000,
        rollingCountTimeout: 10_000,
        // latency percentiles would be sorted on every stats read: metrics keep latency instead
        rollingPercentilesEnabled: false,
        enableSnapshots: false,
        ...defaults,
        ...options,
        name,
      })
      metrics?.breakerState.set({ breaker: name }, 0)
      // successes are not counted here: the request metrics already count them, and this is the hot path
      for (const event of ['failure', 'reject', 'fallback'] as const) {
        breaker.on(event as 'success', () => metrics?.breakerEvents.inc({ breaker: name, event }))
      }
      for (const state of ['open', 'halfOpen', 'close'] as const) {
        breaker.on(state as 'open', () => {
          metrics?.breakerEvents.inc({ breaker: name, event: state })
          metrics?.breakerState.set({ breaker: name }, stateValue[state === 'close' ? 'closed' : state])
          logger?.[state === 'open' ? 'warn' : 'info'](`circuit breaker ${state === 'close' ? 'closed' : state}`, {
            breaker: name,
          })
        })
      }
      all.set(name, breaker)
      return breaker as CircuitBreaker<A, R>
    },
    isOpen(name: string): boolean {
      return all.get(name)?.opened ?? false
    },
    /** `{ name: 'closed' | 'open' | 'halfOpen' }`, for /health/ready. */
    states(): Record<string, string> {
      return Object.fromEntries(
        [...all].map(([name, b]) => [name, b.opened ? 'open' : b.halfOpen ? 'halfOpen' : 'closed']),
      )
    },
    shutdown() {
      for (const breaker of all.values()) breaker.shutdown()
      all.clear()
    },
  }
}

export type Breakers = ReturnType<typeof createBreakers>
