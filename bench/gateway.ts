/**
 * `bun run bench:gateway`: the gateway against a direct call, against nginx and against
 * the floor of a Bun proxy, on 127.0.0.1 only, in one run. Starts the registry, the config
 * server, two upstreams, the gateway (processes, as `bun start` runs them), nginx (Debian's,
 * with a generated config) and a bare Bun fetch proxy; measures each target's maximum
 * throughput (wrk; the median of BENCH_ROUNDS rounds that take the targets in turn, so the
 * machine's drift falls on all of them alike) and its latency at a fixed rate of half the
 * direct maximum (wrk, spread arrivals). Stops everything it started.
 *
 * Knobs: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (default 3), BENCH_GATEWAY_ENV (JSON of extra env
 * for the gateway, e.g. '{"LOG_LEVEL":"warn"}'), BENCH_PROFILE=gateway (a CPU profile, in
 * markdown, to /tmp/shopfront-profile), BENCH_PAUSE (seconds to wait with everything up,
 * printing the URLs, before measuring).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProcesses, freePort, until, waitForHttp, type RunningProcess } from '@shopfront/kit/testing'
import { latencyAtRate, maxThroughput, requireTools } from './load.ts'
import { startPlatform } from '@shopfront/e2e/platform'

requireTools('wrk', 'nginx')
const dir = mkdtempSync(join(tmpdir(), 'shopfront-bench-nginx-'))
const procs = createProcesses()
const port = { nginx: freePort(), up1: freePort(), up2: freePort(), bunProxy: freePort() }
let nginx: RunningProcess | undefined
// the gateway as it runs for real: access log at info, to a file as nginx's is (BENCH_GATEWAY_ENV adds to its environment)
const platform = await startPlatform({
  apps: ['gateway'],
  database: false,
  logDir: dir,
  appEnv: { LOG_LEVEL: 'info', ...JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}') },
  overrides: {
    'gateway.yml': `gateway:
  upstreamTimeoutMs: 5000
  retries: 1
  maxBodyBytes: 1048576
  jwks: { ttlMs: 300000, refetchCooldownMs: 10000 }
  rateLimits:
    default: { anonymous: 1000000000, user: 1000000000, windowSeconds: 60 }
  cors: { maxAgeSeconds: 60 }
  routes:
    - { prefix: /bare, service: bench-upstream, access: public, rateLimit: none }
    - { prefix: /full, service: bench-upstream, access: user, rateLimit: default }
`,
  },
})

try {
  for (const p of [port.up1, port.up2])
    procs.start(`upstream-${p}`, ['bun', join(import.meta.dirname, 'upstream.ts')], {
      ...platform.env,
      PORT: String(p),
    })
  const token = await platform.token(['customer'], 'bench-user')
  const auth = { authorization: `Bearer ${token}` }
  await until(async () => (await fetch(`${platform.gatewayUrl}/full/x`, { headers: auth })).status === 200, {
    timeoutMs: 15_000,
    what: 'gateway routing',
  })

  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  # the gateway writes an access-log line per request; so does nginx here, buffered as it would be in production
  access_log ${dir}/access.log combined buffer=64k flush=1s;
  upstream bench { server 127.0.0.1:${port.up1}; server 127.0.0.1:${port.up2}; keepalive 64; }
  server {
    listen 127.0.0.1:${port.nginx};
    location / { proxy_pass http://bench; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  )
  nginx = procs.start('nginx', ['nginx', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'])
  const upstreams = [port.up1, port.up2].map((p) => `http://127.0.0.1:${p}`).join(',')
  procs.start('bun-proxy', ['bun', join(import.meta.dirname, 'bun-proxy.ts')], {
    PORT: String(port.bunProxy),
    UPSTREAMS: upstreams,
  })
  await waitForHttp(`http://127.0.0.1:${port.nginx}/`)
  await waitForHttp(`http://127.0.0.1:${port.bunProxy}/`)

  const targets = [
    { name: 'direct', url: `http://127.0.0.1:${port.up1}/x`, headers: {} },
    { name: 'gateway bare', url: `${platform.gatewayUrl}/bare/x`, headers: {} },
    { name: 'gateway full chain', url: `${platform.gatewayUrl}/full/x`, headers: auth },
    { name: 'nginx', url: `http://127.0.0.1:${port.nginx}/x`, headers: {} },
    { name: 'bare Bun proxy', url: `http://127.0.0.1:${port.bunProxy}/x`, headers: {} },
  ]
  if (process.env.BENCH_PAUSE) {
    console.log(`paused: ${targets.map((t) => `${t.name} ${t.url}`).join(' | ')} | token ${token}`)
    await Bun.sleep(Number(process.env.BENCH_PAUSE) * 1000)
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 5)
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  // a smoke run (the suite's, BENCH_SMOKE) only checks the benchmark works: no warm-up, no gentle rate
  const smoke = Boolean(process.env.BENCH_SMOKE)
  if (!smoke) for (const t of targets) maxThroughput(t.url, t.headers, 1) // warm up
  const runs = new Map(targets.map((t) => [t.name, [] as ReturnType<typeof maxThroughput>[]]))
  for (let round = 0; round < rounds; round++)
    for (const t of targets) runs.get(t.name)!.push(maxThroughput(t.url, t.headers, seconds))
  const max = Object.fromEntries([...runs].map(([name, list]) => [name, median(list)]))
  const rate = Math.round(max.direct!.rps / 2)
  const fixed = Object.fromEntries(targets.map((t) => [t.name, latencyAtRate(t.url, rate, t.headers, seconds)]))

  // the rate above may be more than the gateway can take; this one every target can
  const gentle = Math.round(Math.min(...Object.values(max).map((m) => m.rps)) / 2)
  const atGentle = (url: string, headers: Record<string, string>) =>
    smoke ? { p50: 0, p99: 0 } : latencyAtRate(url, gentle, headers, seconds)
  const gentleDirect = atGentle(targets[0]!.url, {})
  const gentleFull = atGentle(targets[2]!.url, auth)
  const gentleBunProxy = atGentle(targets[4]!.url, {})
  const gentleNginx = atGentle(targets[3]!.url, {})
  const f = (n: number) => n.toFixed(2).padStart(7)
  console.log(
    `gateway benchmark (2 upstream instances; wrk -c64 for the maximum, median of ${rounds} rounds of ${seconds} s; wrk at a fixed ${rate} req/s for latency)`,
  )
  console.log('target               max req/s   fixed: req/s   p50 ms   p99 ms   errors')
  for (const t of targets) {
    const m = max[t.name]!
    const x = fixed[t.name]!
    console.log(
      `${t.name.padEnd(20)} ${String(Math.round(m.rps)).padStart(9)}   ${String(Math.round(x.rps)).padStart(12)}  ${f(x.p50)}  ${f(x.p99)}   ${m.errors + x.errors}`,
    )
  }
  const bare = max['gateway bare']!.rps
  const full = max['gateway full chain']!.rps
  const nginxRps = max.nginx!.rps
  const added = fixed['gateway full chain']!.p99 - fixed.direct!.p99
  const errors = targets.reduce((n, t) => n + max[t.name]!.errors + fixed[t.name]!.errors, 0)
  // a target answering errors (a port race, an upstream gone) measures nothing: say so rather than judge
  const verdict = (ok: boolean) => (errors ? `not judged: ${errors} errors in this run` : ok ? 'met' : 'NOT met')
  console.log(
    `bare gateway / nginx throughput: ${((bare / nginxRps) * 100).toFixed(0)}% (target at least 60%: ${verdict(bare >= 0.6 * nginxRps)})`,
  )
  console.log(
    `bare gateway / bare Bun proxy throughput: ${((bare / max['bare Bun proxy']!.rps) * 100).toFixed(0)}% (the floor of a proxy on Bun, for scale)`,
  )
  console.log(
    `full chain / bare gateway throughput: ${((full / bare) * 100).toFixed(0)}% (target at least 75%: ${verdict(full >= 0.75 * bare)})`,
  )
  console.log(
    `p99 added by the gateway (full chain) over direct at ${rate} req/s: ${added.toFixed(2)} ms (target at most 1.5 ms: ${verdict(added <= 1.5)})`,
  )
  const at = (name: string, x: { p50: number; p99: number }) =>
    `${name} p50 ${x.p50.toFixed(2)} / p99 ${x.p99.toFixed(2)} ms (+${(x.p99 - gentleDirect.p99).toFixed(2)})`
  console.log(
    `at ${gentle} req/s (half the slowest target's maximum), p99 added over direct in brackets: ${at('direct', gentleDirect)}, ${at('gateway full chain', gentleFull)}, ${at('bare Bun proxy', gentleBunProxy)}, ${at('nginx', gentleNginx)}`,
  )
} finally {
  await nginx?.stop('SIGTERM') // the master stops its workers; a SIGKILL would orphan them
  await procs.stopAll()
  await platform.stop()
  rmSync(dir, { recursive: true, force: true })
}
process.exit(0)

/** The run with the median throughput, its errors those of every run. */
function median(list: ReturnType<typeof maxThroughput>[]) {
  const sorted = [...list].sort((a, b) => a.rps - b.rps)
  return { ...sorted[Math.floor(sorted.length / 2)]!, errors: list.reduce((n, r) => n + r.errors, 0) }
}
