import { Hono } from 'hono'

export type HealthCheck = () => Promise<unknown> | unknown

export interface HealthOptions {
  /** Named readiness checks, e.g. `{ db: () => sql\`select 1\` }`; each must resolve within `timeoutMs`. */
  checks?: Record<string, HealthCheck>
  /** Extra facts for the readiness body, e.g. breaker states. */
  details?: () => Record<string, unknown>
  timeoutMs?: number
}

/**
 * `/health/live` (the process answers) and `/health/ready` (its dependencies answer:
 * 503 with the failing check's message otherwise), for the registry's HTTP check.
 */
export function healthRoutes({ checks = {}, details = () => ({}), timeoutMs = 2000 }: HealthOptions = {}) {
  const app = new Hono()
  app.get('/live', (c) => c.json({ status: 'up' }))
  app.get('/ready', async (c) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
    )
    const up = results.every(([, r]) => r.status === 'up')
    return c.json({ status: up ? 'up' : 'down', checks: Object.fromEntries(results), ...details() }, up ? 200 : 503)
  })
  return app
}

async function runCheck(check: HealthCheck, timeoutMs: number) {
  let timer: Timer | undefined
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    await Promise.race([Promise.resolve().then(check), timeout])
    return { status: 'up' as const }
  } catch (err) {
    return { status: 'down' as const, error: err instanceof Error ? err.message : String(err) }
  } finally {
    clearTimeout(timer)
  }
}
