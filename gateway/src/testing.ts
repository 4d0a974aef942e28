import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll } from 'vitest'
import { createMemoryLogger, listen, prepareService, type Listening } from '@shopfront/kit'
import { until } from '@shopfront/kit/testing'
import { startConfigServer, testToken } from '@shopfront/config-server/testing'
import { startRegistry } from '@shopfront/registry/testing'
import { createGatewayApp } from './app.ts'
import { memoryStore, type RateLimitStore } from './rate-limit/stores.ts'
import { gatewaySettings } from './settings.ts'

const root = join(import.meta.dirname, '../..')
const fastProfile = `registry:
  checkInterval: 200ms
  checkTimeout: 200ms
  deregisterAfter: 20s
config:
  pollMs: 200
`

/**
 * A gateway.yml for tests: generous limits, keys refetched without delay, and the given
 * routes (one YAML flow mapping per line) and extra rate-limit classes.
 */
export function gatewayYml({
  routes,
  rateClasses = [] as string[],
  corsOrigins = [] as string[],
  maxBodyBytes = 1_000_000,
}: {
  routes: string[]
  rateClasses?: string[]
  corsOrigins?: string[]
  maxBodyBytes?: number
}) {
  return `gateway:
  upstreamTimeoutMs: 2000
  retries: 1
  maxBodyBytes: ${maxBodyBytes}
  jwks: { ttlMs: 60000, refetchCooldownMs: 0 }
  rateLimits:
    default: { anonymous: 100000, user: 100000, windowSeconds: 60 }
${rateClasses.map((c) => `    ${c}`).join('\n')}
  cors: { allowOrigins: [${corsOrigins.join(', ')}], maxAgeSeconds: 60 }
  strippedHeaders: [x-user-id]
  routes:
${routes.map((r) => `    - ${r}`).join('\n')}
`
}

/**
 * A gateway in-process over a real development registry and a real config server (with
 * `gatewayYml` as its gateway.yml), plus upstreams registered with HTTP checks: those in
 * `upstreams` before it is handed over (a service's apps, one instance each), more with
 * `addUpstream`. Its log lines are kept in `lines`. All of it closes after the file's tests.
 *
 * @example
 *   const gw = await startGatewayHarness(yml, { upstreams: { things: [echoUpstream('a'), echoUpstream('b')] } })
 */
export async function startGatewayHarness(
  gatewayYml: string,
  { store = memoryStore() as RateLimitStore, upstreams: initial = {} as Record<string, Hono | Hono[]> } = {},
) {
  const registry = startRegistry()
  const configServer = await startConfigServer({
    'application.yml': readFileSync(join(root, 'config-server/settings/application.yml'), 'utf8'),
    'application-test.yml': fastProfile,
    'gateway.yml': gatewayYml,
  })
  const env = {
    CONSUL_HTTP_ADDR: `127.0.0.1:${registry.port}`,
    CONFIG_SERVER_URL: configServer.url,
    CONFIG_TOKEN: testToken,
    PROFILES: 'test',
  }
  const base = await prepareService('gateway', gatewaySettings, { env })
  const { logger, lines } = createMemoryLogger('gateway')
  const app = createGatewayApp({ ...base, logger, health: {}, rateLimitStore: store })
  const server = listen(app, { port: 0 })
  const upstreams: Listening[] = []
  let closed: Promise<void> | undefined

  const harness = {
    url: server.url,
    env,
    registry,
    configServer,
    base,
    lines,
    fetch: (path: string, init?: RequestInit) => fetch(server.url + path, init),
    /** Serves `app` on a free port and registers it as `service` with an HTTP check; waits until the gateway can pick it. */
    async addUpstream(service: string, upstreamApp: Hono, id = `${service}-${upstreams.length + 1}`) {
      const upstream = listen(upstreamApp, { port: 0 })
      upstreams.push(upstream)
      await registry.consul.agent.service.register({
        name: service,
        id,
        address: '127.0.0.1',
        port: upstream.port,
        check: { http: `${upstream.url}/health/live`, interval: '200ms', timeout: '200ms' },
      })
      await until(() => base.discovery.instances(service).some((i) => i.id === id), {
        timeoutMs: 5000,
        what: `${id} discoverable`,
      })
      return { ...upstream, id }
    },
    close() {
      closed ??= (async () => {
        await server.stop(true)
        for (const u of upstreams) await u.stop(true)
        await base.close()
        await store.close()
        await configServer.close()
        await registry.close()
      })()
      return closed
    },
  }
  afterAll(harness.close)
  for (const [service, apps] of Object.entries(initial))
    for (const app of [apps].flat()) await harness.addUpstream(service, app)
  return harness
}

/** An upstream that reports what it received, plus paths that misbehave on purpose. */
export function echoUpstream(label: string) {
  const app = new Hono()
  app.get('/health/live', (c) => c.text('ok'))
  app.get('/openapi.json', (c) =>
    c.json({
      openapi: '3.1.0',
      paths: {
        '/api/things': {
          get: {
            responses: {
              200: {
                description: 'things',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
              },
            },
          },
        },
        '/api/elsewhere': { get: {} },
      },
      components: { schemas: { Thing: { type: 'object' } } },
    }),
  )
  app.get('/api/things/slow', async (c) => {
    await new Promise((r) => setTimeout(r, Number(c.req.query('ms') ?? 1000)))
    return c.json({ label })
  })
  // the first chunk, then nothing until the client asks for the rest (POST .../stream/release): what the
  // client reads before that can only have come while the upstream was still answering
  let release: () => void = () => {}
  app.post('/api/things/stream/release', (c) => (release(), c.body(null, 204)))
  app.get('/api/things/stream', () => {
    const encoder = new TextEncoder()
    const released = new Promise<void>((resolve) => {
      release = resolve
      setTimeout(resolve, 10_000) // never hang a test
    })
    return new Response(
      new ReadableStream({
        async start(controller) {
          controller.enqueue(encoder.encode('first\n'))
          await released
          controller.enqueue(encoder.encode('second\n'))
          controller.close()
        },
      }),
      { headers: { 'content-type': 'text/plain' } },
    )
  })
  app.get('/api/things/unavailable', (c) =>
    c.json({ type: 'about:blank', title: 'Service unavailable', status: 503, detail: `${label} is busy` }, 503),
  )
  app.all('/api/*', async (c) => {
    let bytes = 0
    if (c.req.raw.body)
      for await (const chunk of c.req.raw.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength
    return c.json({
      label,
      method: c.req.method,
      path: c.req.path,
      query: new URL(c.req.url).search,
      headers: Object.fromEntries(c.req.raw.headers),
      bytes,
    })
  })
  return app
}
