/**
 * The platform started for a benchmark, as `bun start` runs it but on free ports and a
 * temporary data folder: PostgreSQL (DATABASE_URL, or an embedded one), the registry, the
 * config server with the repository's settings (plus `overrides`), a stand-in JWKS for
 * tokens the benchmark signs, and the given apps. `stop()` ends everything.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmbeddedPostgres } from '@shopfront/kit/embedded-postgres'
import { createProcesses, createTestIssuer, freePort, until, waitForHttp, type RunningProcess } from '@shopfront/kit/testing'

const root = join(import.meta.dirname, '..')

export async function startPlatform({
  apps,
  overrides = {},
  database = true,
  appEnv = {},
}: {
  apps: string[]
  /** Settings files written over the repository's (a whole file each). */
  overrides?: Record<string, string>
  /** Without one, no PostgreSQL is started (the gateway needs none). */
  database?: boolean
  /** Extra environment for the apps (e.g. LOG_LEVEL). */
  appEnv?: Record<string, string>
}) {
  const dir = mkdtempSync(join(tmpdir(), 'shopfront-bench-'))
  const settings = join(dir, 'settings')
  cpSync(join(root, 'config-server/settings'), settings, { recursive: true })
  for (const [file, text] of Object.entries(overrides)) writeFileSync(join(settings, file), text)
  const procs = createProcesses()
  const port = { registry: freePort(), config: freePort(), gateway: freePort(), users: freePort() }
  const pg = !database || process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: freePort(), persistent: false })
  const databaseUrl = process.env.DATABASE_URL ?? pg?.url ?? ''
  const env: Record<string, string> = {
    CONSUL_HTTP_ADDR: `127.0.0.1:${port.registry}`,
    CONFIG_SERVER_URL: `http://127.0.0.1:${port.config}`,
    CONFIG_TOKEN: 'bench',
    PROFILES: 'bench',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'warn',
    ...appEnv,
  }
  const issuer = await createTestIssuer()
  const users = Bun.serve({ port: port.users, hostname: '127.0.0.1', fetch: (req) => (new URL(req.url).pathname === '/health/live' ? new Response('ok') : Response.json(issuer.jwks())) })
  const graceful: RunningProcess[] = []
  const stop = async () => {
    users.stop(true)
    for (const proc of graceful) await proc.stop('SIGTERM')
    await procs.stopAll()
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    procs.start('registry', ['bun', join(root, 'registry/src/main.ts')], { REGISTRY_PORT: String(port.registry) })
    await waitForHttp(`http://127.0.0.1:${port.registry}/v1/status/leader`)
    await fetch(`http://127.0.0.1:${port.registry}/v1/agent/service/register`, {
      method: 'PUT',
      body: JSON.stringify({ Name: 'users', ID: 'bench-users', Address: '127.0.0.1', Port: port.users, Check: { HTTP: `http://127.0.0.1:${port.users}/health/live`, Interval: '1s' } }),
    })
    procs.start('config-server', ['bun', join(root, 'config-server/src/main.ts')], { ...env, CONFIG_SERVER_PORT: String(port.config), CONFIG_REPO: settings })
    await waitForHttp(`http://127.0.0.1:${port.config}/health/ready`)
    for (const app of apps) {
      const script = app === 'gateway' ? 'gateway/src/main.ts' : `services/${app}/src/main.ts`
      // BENCH_PROFILE=<app> writes a CPU profile of that app (markdown) to /tmp/shopfront-profile
      const profile = process.env.BENCH_PROFILE === app ? ['--cpu-prof-md', '--cpu-prof-dir=/tmp/shopfront-profile'] : []
      const proc = procs.start(app, ['bun', ...profile, join(root, script)], { ...env, ...(app === 'gateway' ? { HTTP_PORT: String(port.gateway) } : {}) })
      if (profile.length) graceful.push(proc)
    }
    await until(
      async () => {
        for (const app of apps) {
          const passing = (await (await fetch(`http://127.0.0.1:${port.registry}/v1/health/service/${app}?passing`)).json()) as unknown[]
          if (passing.length === 0) return false
        }
        return true
      },
      { timeoutMs: 30_000, what: `${apps.join(', ')} passing` },
    )
  } catch (err) {
    await stop()
    throw err
  }
  return {
    env,
    databaseUrl,
    gatewayUrl: `http://127.0.0.1:${port.gateway}`,
    registryUrl: `http://127.0.0.1:${port.registry}`,
    token: (roles: string[], sub: string) => issuer.sign({ roles, sub, expiresIn: '2h' }),
    /** The first passing instance of a service, for calls that do not go through the gateway. */
    async instanceUrl(service: string) {
      const [entry] = (await (await fetch(`http://127.0.0.1:${port.registry}/v1/health/service/${service}?passing`)).json()) as any[]
      return `http://${entry.Service.Address}:${entry.Service.Port}`
    },
    stop,
  }
}
