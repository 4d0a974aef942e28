import type { Catalog, CheckState } from './catalog.ts'

export interface CheckRunnerOptions {
  /** How often TTL deadlines and deregister-after limits are looked at. */
  sweepMs?: number
  fetch?: typeof fetch
  onReap?: (serviceId: string, checkId: string) => void
}

/**
 * Runs what a Consul agent runs for its node: HTTP checks at their interval (2xx passing,
 * 429 warning, anything else or no answer within the timeout critical), TTL checks that
 * turn critical when not updated in time, and the reaper that deregisters a service whose
 * check has been critical longer than its DeregisterCriticalServiceAfter.
 */
export function startCheckRunner(
  catalog: Catalog,
  { sweepMs = 250, fetch: doFetch = fetch, onReap }: CheckRunnerOptions = {},
) {
  const timers = new Map<string, Timer>()
  const inFlight = new Map<string, AbortController>()

  const schedule = (id: string, delayMs: number) => {
    clearTimeout(timers.get(id))
    timers.set(
      id,
      setTimeout(() => void runHttp(id), delayMs),
    )
  }

  const runHttp = async (id: string) => {
    const state = catalog.checks.get(id)
    const http = state?.spec.http
    if (!state || !http) return
    const { status, output } = await probe(state, http, doFetch, inFlight)
    if (catalog.checks.get(id) !== state) return
    catalog.updateCheck(id, status, output)
    schedule(id, state.spec.intervalMs ?? 10_000)
  }

  const sync = () => {
    for (const [id, state] of catalog.checks) {
      if (state.spec.http && !timers.has(id)) schedule(id, 0)
    }
    for (const id of timers.keys()) {
      if (!catalog.checks.get(id)?.spec.http) {
        clearTimeout(timers.get(id))
        timers.delete(id)
        inFlight.get(id)?.abort()
      }
    }
  }

  const unsubscribe = catalog.onChange(({ kind, id }) => {
    if (kind === 'check-status') return
    // a (re-)registered HTTP check starts over with a fresh probe
    if (kind === 'check-registered' && catalog.checks.get(id)?.spec.http) schedule(id, 0)
    sync()
  })

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [id, state] of catalog.checks) {
      if (state.ttlDeadline !== undefined && now > state.ttlDeadline && state.entry.Status !== 'critical') {
        catalog.updateCheck(id, 'critical', `TTL expired (last output before timeout follows): ${state.entry.Output}`)
      }
    }
    for (const [id, state] of [...catalog.checks]) {
      const limit = state.spec.deregisterAfterMs
      if (limit === undefined || state.criticalSince === undefined) continue
      if (now - state.criticalSince > limit && catalog.deregisterService(state.entry.ServiceID)) {
        onReap?.(state.entry.ServiceID, id)
      }
    }
  }, sweepMs)

  sync()
  return {
    stop() {
      unsubscribe()
      clearInterval(sweep)
      for (const timer of timers.values()) clearTimeout(timer)
      for (const controller of inFlight.values()) controller.abort()
      timers.clear()
    },
  }
}

async function probe(
  state: CheckState,
  http: NonNullable<CheckState['spec']['http']>,
  doFetch: typeof fetch,
  inFlight: Map<string, AbortController>,
) {
  const id = state.entry.CheckID
  const controller = new AbortController()
  inFlight.set(id, controller)
  const timeoutMs = state.spec.timeoutMs ?? 10_000
  const timer = setTimeout(() => controller.abort(new Error(`timeout after ${timeoutMs}ms`)), timeoutMs)
  const headers = new Headers()
  for (const [name, values] of Object.entries(http.header)) for (const v of values) headers.append(name, v)
  if (!headers.has('user-agent')) headers.set('user-agent', 'Consul Health Check')
  try {
    const res = await doFetch(http.url, {
      method: http.method,
      headers,
      body: http.body,
      signal: controller.signal,
      tls: { rejectUnauthorized: !http.tlsSkipVerify },
    } as RequestInit)
    const text = (await res.text()).slice(0, 4096)
    const output = `HTTP ${http.method} ${http.url}: ${res.status} ${res.statusText} Output: ${text}`
    const status = res.status >= 200 && res.status < 300 ? 'passing' : res.status === 429 ? 'warning' : 'critical'
    return { status, output } as const
  } catch (err) {
    const reason = controller.signal.aborted ? String(controller.signal.reason?.message ?? 'aborted') : errorText(err)
    return { status: 'critical', output: `${http.method} ${http.url}: ${reason}` } as const
  } finally {
    clearTimeout(timer)
    inFlight.delete(id)
  }
}

function errorText(err: unknown) {
  return err instanceof Error ? err.message : String(err)
}
