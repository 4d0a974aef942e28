/**
 * The containers' HEALTHCHECK: the app's liveness endpoint on this container, exit 0 when
 * it answers 2xx within 2 s. HEALTHCHECK_PORT (else HTTP_PORT, else 8080) names the port.
 */
export {}

const port = process.env.HEALTHCHECK_PORT ?? process.env.HTTP_PORT ?? '8080'
try {
  const res = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2000) })
  process.exit(res.ok ? 0 : 1)
} catch {
  process.exit(1)
}
