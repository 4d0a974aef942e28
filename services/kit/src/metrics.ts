import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The Prometheus registry of one process, with the metrics every app shares.
 *
 * @example
 *   const metrics = createMetrics({ service: 'cart' })
 *   metrics.httpDuration.observe({ method: 'GET', route: '/api/cart', status: '200' }, 0.004)
 */
export function createMetrics({ service, defaults = true }: { service: string; defaults?: boolean }) {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  if (defaults) collectDefaultMetrics({ register: registry })
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests served, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'circuit_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'] as const,
      registers: [registry],
    }),
    breakerEvents: new Counter({
      name: 'circuit_breaker_events_total',
      help: 'Circuit breaker events (failure, reject, open, close, halfOpen, fallback)',
      labelNames: ['breaker', 'event'] as const,
      registers: [registry],
    }),
    configRefreshes: new Counter({
      name: 'config_refreshes_total',
      help: 'Config refresh attempts by outcome (applied, unchanged, rejected, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    dbPool: new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool size (state="max": the most connections the pool opens; postgres.js does not tell how many are open)',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>

/**
 * A counter of what became of something (its `outcome` label) on the process's registry;
 * undefined where the app runs without metrics (tests).
 *
 * @example
 *   const checkouts = outcomeCounter(metrics, 'sales_checkouts_total', 'Checkouts by outcome')
 *   checkouts?.inc({ outcome: 'paid' })
 */
export function outcomeCounter(metrics: Metrics | undefined, name: string, help: string) {
  return metrics && new Counter({ name, help, labelNames: ['outcome'] as const, registers: [metrics.registry] })
}

/**
 * A gauge read at each scrape: for what a service counts in its own database (work left
 * unfinished, say), where keeping it up to date on every change would be the harder way.
 *
 * @example
 *   countedGauge(metrics, 'sales_giving_back_unfinished', 'Refunds not finished yet', () => refunds.countUnfinished())
 */
export function countedGauge(metrics: Metrics | undefined, name: string, help: string, read: () => Promise<number>) {
  return (
    metrics &&
    new Gauge({
      name,
      help,
      registers: [metrics.registry],
      async collect() {
        this.set(await read())
      },
    })
  )
}
