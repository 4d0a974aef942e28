/**
 * The platform as `bun start` runs it, for end-to-end tests and benchmarks, on free ports
 * and a temporary settings folder: the registry, the config server with the repository's
 * settings (plus `overrides`), the given apps, and what they need: PostgreSQL (the given
 * URL, DATABASE_URL, or an embedded one; each app in a database of its own), the mail
 * inbox and the payment sandbox when asked for. Without the real users service, a
 * stand-in publishes a JWKS for tokens the caller signs and grants services their tokens
 * (users' client-credentials answer, any secret taken). `stop()` ends everything.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { startEmbeddedPostgres } from '@shopfront/kit/embedded-postgres'
import { basicCredentials, type ServiceTokenAnswer } from '@shopfront/kit'
import {
  createProcesses,
  createTestIssuer,
  freePort,
  until,
  waitForHttp,
  type RunningProcess,
} from '@shopfront/kit/testing'

const root = join(import.meta.dirname, '../..')
const scripts: Record<string, string> = {
  gateway: 'gateway/src/main.ts',
  'mail-inbox': 'mail-inbox/src/main.ts',
  'payment-sandbox': 'payment-sandbox/src/main.ts',
}
const scriptOf = (app: string) => join(root, scripts[app] ?? `services/${app}/src/main.ts`)

/** Settings for end-to-end tests (profile `test`): quick health checks (every 300 ms, a second to answer on a loaded machine), so a stopped process leaves the registry within a second or two. */
export const quickChecks = {
  'application-test.yml':
    'registry:\n  checkInterval: 300ms\n  checkTimeout: 1s\n  deregisterAfter: 10s\nconfig:\n  pollMs: 1000\n',
}

/** Passwords hashed at a test's cost (production's takes a third of a second a hash here, and tests sign up many shoppers). */
export const lightHashing = {
  'users-test.yml': 'users:\n  passwordHashing:\n    memoryKiB: 1024\n    timeCost: 1\n',
}

/** Settings for a browser on plain HTTP at 127.0.0.1, as `bun start` serves the web app. */
export const plainHttp = { 'web-bench.yml': 'web:\n  session:\n    secureCookie: false\n' }

/**
 * The whole platform as a shopper meets it: every app, the mail inbox and the payment
 * sandbox, with registry checks that notice quickly; `overrides` adds settings files.
 */
export const startWholePlatform = (overrides: Record<string, string> = {}) =>
  startPlatform({
    apps: ['gateway', 'products', 'cart', 'users', 'sales', 'support', 'web'],
    inbox: true,
    sandbox: true,
    overrides: { ...quickChecks, ...overrides },
  })

/**
 * A platform for a test of the REST API: `apps` on `database`, with the mail inbox, the
 * payment sandbox, the test profile, registry checks that notice quickly, passwords hashed
 * at a test's cost and no demo catalog (each test makes what it buys); `overrides` adds
 * settings files.
 */
export const startApiPlatform = ({
  overrides = {},
  ...options
}: Pick<PlatformOptions, 'apps' | 'database' | 'sandbox' | 'overrides'>) =>
  startPlatform({
    inbox: true,
    sandbox: true,
    profiles: 'test',
    ...options,
    overrides: { ...quickChecks, ...lightHashing, 'products-test.yml': 'catalog:\n  demo: false\n', ...overrides },
  })

export interface PlatformOptions {
  apps: string[]
  /** Settings files written over the repository's (a whole file each). */
  overrides?: Record<string, string>
  /** false: no PostgreSQL (the gateway needs none). A URL: that server. Else DATABASE_URL, or an embedded server. */
  database?: boolean | string
  /** Extra environment for every app (e.g. LOG_LEVEL). */
  appEnv?: Record<string, string>
  /** The local mail inbox, with every app's SMTP pointed at it. */
  inbox?: boolean
  /** The payment sandbox, with sales pointed at it; `slowMs` for the slow card. */
  sandbox?: boolean | { slowMs?: number; latencyMs?: number }
  profiles?: string
  /** Each app's output goes to `<logDir>/<app>.log` instead of through this process (benchmarks: the load must not pay for reading it). */
  logDir?: string
}

export async function startPlatform({
  apps,
  overrides = {},
  database = true,
  appEnv = {},
  inbox = false,
  sandbox = false,
  profiles = 'bench',
  logDir,
}: PlatformOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'shopfront-platform-'))
  const settings = join(dir, 'settings')
  cpSync(join(root, 'config-server/settings'), settings, { recursive: true })
  for (const [file, text] of Object.entries(overrides)) writeFileSync(join(settings, file), text)
  const procs = createProcesses()
  const port = {
    registry: freePort(),
    config: freePort(),
    gateway: freePort(),
    users: freePort(),
    smtp: freePort(),
    inbox: freePort(),
    sandbox: freePort(),
  }
  const pg =
    database !== true || process.env.DATABASE_URL
      ? undefined
      : await startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: freePort(), persistent: false })
  const databaseUrl =
    typeof database === 'string' ? database : database ? (process.env.DATABASE_URL ?? pg?.url ?? '') : ''
  const runId = crypto.randomUUID().replaceAll('-', '').slice(0, 8)
  const databaseName = (app: string) => `e2e_${runId}_${app.replaceAll('-', '_')}`
  const env: Record<string, string> = {
    CONSUL_HTTP_ADDR: `127.0.0.1:${port.registry}`,
    CONFIG_SERVER_URL: `http://127.0.0.1:${port.config}`,
    CONFIG_TOKEN: 'bench',
    PROFILES: profiles,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(inbox ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port.smtp) } : {}),
    ...(sandbox ? { PAYMENTS_URL: `http://127.0.0.1:${port.sandbox}` } : {}),
    // links and pictures in e-mails and pages lead to this platform's gateway
    SHOP_PUBLIC_URL: `http://127.0.0.1:${port.gateway}`,
    WEB_PUBLIC_URL: `http://127.0.0.1:${port.gateway}`,
    LOG_LEVEL: 'warn',
    // no Redis unless asked for: a Redis shared with the test run would share rate-limit and
    // sign-in counters between platforms (and runs), and one test's load would limit another's
    REDIS_URL: '',
    ...appEnv,
  }
  const realUsers = apps.includes('users')
  const issuer = await createTestIssuer()
  const users = realUsers
    ? undefined
    : Bun.serve({
        port: port.users,
        hostname: '127.0.0.1',
        fetch: (req) => standInUsers(req, issuer),
      })
  const graceful: RunningProcess[] = []
  const running = new Map<string, RunningProcess>()

  /** Starts (or starts again) one app, in its own database. */
  const startApp = (app: string) => {
    // BENCH_PROFILE=<app> writes a CPU profile of that app (markdown) to /tmp/shopfront-profile
    const profile = process.env.BENCH_PROFILE === app ? ['--cpu-prof-md', '--cpu-prof-dir=/tmp/shopfront-profile'] : []
    const own = {
      ...(app === 'gateway' ? { HTTP_PORT: String(port.gateway) } : {}),
      ...(databaseUrl ? { DATABASE_NAME: databaseName(app) } : {}),
    }
    const proc = procs.start(
      app,
      ['bun', ...profile, scriptOf(app)],
      { ...env, ...own },
      { logFile: logDir && join(logDir, `${app}.log`) },
    )
    if (profile.length) graceful.push(proc)
    running.set(app, proc)
    return proc
  }
  const passing = async (app: string) =>
    ((await (await fetch(`http://127.0.0.1:${port.registry}/v1/health/service/${app}?passing`)).json()) as unknown[])
      .length > 0

  const stop = async () => {
    users?.stop(true)
    for (const proc of graceful) await proc.stop('SIGTERM')
    await procs.stopAll()
    if (databaseUrl && !pg) {
      const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} })
      for (const app of apps)
        await admin.unsafe(`drop database if exists "${databaseName(app)}" with (force)`).catch(() => {})
      await admin.end()
    }
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const registry = procs.start('registry', ['bun', join(root, 'registry/src/main.ts')], {
      REGISTRY_PORT: String(port.registry),
    })
    await waitForHttp(`http://127.0.0.1:${port.registry}/v1/status/leader`, { server: registry })
    if (users) {
      await fetch(`http://127.0.0.1:${port.registry}/v1/agent/service/register`, {
        method: 'PUT',
        body: JSON.stringify({
          Name: 'users',
          ID: 'bench-users',
          Address: '127.0.0.1',
          Port: port.users,
          Check: { HTTP: `http://127.0.0.1:${port.users}/health/live`, Interval: '1s' },
        }),
      })
    }
    const configServer = procs.start('config-server', ['bun', join(root, 'config-server/src/main.ts')], {
      ...env,
      CONFIG_SERVER_PORT: String(port.config),
      CONFIG_REPO: settings,
    })
    const mailInbox =
      inbox &&
      procs.start('mail-inbox', ['bun', scriptOf('mail-inbox')], {
        INBOX_SMTP_PORT: String(port.smtp),
        INBOX_HTTP_PORT: String(port.inbox),
        INBOX_CAPACITY: '100000',
      })
    if (sandbox) {
      const { slowMs = 30_000, latencyMs = 0 } = sandbox === true ? {} : sandbox
      const paymentSandbox = procs.start('payment-sandbox', ['bun', scriptOf('payment-sandbox')], {
        SANDBOX_PORT: String(port.sandbox),
        SANDBOX_SLOW_MS: String(slowMs),
        SANDBOX_LATENCY_MS: String(latencyMs),
      })
      await waitForHttp(`http://127.0.0.1:${port.sandbox}/health`, { server: paymentSandbox })
    }
    await waitForHttp(`http://127.0.0.1:${port.config}/health/ready`, { server: configServer })
    if (mailInbox) await waitForHttp(`http://127.0.0.1:${port.inbox}/api/v2/messages?limit=1`, { server: mailInbox })
    for (const app of apps) startApp(app)
    await until(async () => (await Promise.all(apps.map(passing))).every(Boolean), {
      timeoutMs: 30_000,
      what: `${apps.join(', ')} passing`,
    })
  } catch (err) {
    await stop()
    throw err
  }
  return {
    env,
    databaseUrl,
    databaseName,
    gatewayUrl: `http://127.0.0.1:${port.gateway}`,
    registryUrl: `http://127.0.0.1:${port.registry}`,
    inboxUrl: `http://127.0.0.1:${port.inbox}`,
    sandboxUrl: `http://127.0.0.1:${port.sandbox}`,
    /** A token the stand-in JWKS vouches for (not with the real users service). */
    token: (roles: string[], sub: string) => {
      if (realUsers) throw new Error('with the real users service, sign in through the gateway')
      return issuer.sign({ roles, sub, expiresIn: '2h' })
    },
    /** The first passing instance of a service, for calls that do not go through the gateway. */
    async instanceUrl(service: string) {
      const [entry] = (await (
        await fetch(`http://127.0.0.1:${port.registry}/v1/health/service/${service}?passing`)
      ).json()) as any[]
      return `http://${entry.Service.Address}:${entry.Service.Port}`
    },
    /**
     * Kills an app at once (SIGKILL: no draining, no deregistration), as a crash would, and
     * returns once its health check has failed (so `restart` waits for the new one).
     */
    async kill(app: string) {
      await running.get(app)!.stop('SIGKILL')
      await until(async () => !(await passing(app)), { timeoutMs: 15_000, what: `${app} no longer passing` })
    },
    /** Starts an app again and waits until the registry has it passing. */
    async restart(app: string) {
      startApp(app)
      await until(() => passing(app), { timeoutMs: 30_000, what: `${app} passing again` })
    },
    output: (app: string) => running.get(app)?.output() ?? '',
    stop,
  }
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>

/** users as the stand-in plays it: alive, its JWKS and revocations, and a service token for any client that asks. */
async function standInUsers(req: Request, issuer: Awaited<ReturnType<typeof createTestIssuer>>) {
  const path = new URL(req.url).pathname
  if (path === '/health/live') return new Response('ok')
  if (path === '/.well-known/revocations.json') return Response.json(issuer.revocations())
  if (path !== '/internal/service-token') return Response.json(issuer.jwks())
  const clientId = basicCredentials(req.headers.get('authorization') ?? undefined)?.user
  if (!clientId) return new Response(null, { status: 401 })
  const answer: ServiceTokenAnswer = {
    accessToken: await issuer.sign({ roles: ['service'], sub: `service:${clientId}`, expiresIn: '10m' }),
    tokenType: 'Bearer',
    expiresIn: 600,
  }
  return Response.json(answer)
}
