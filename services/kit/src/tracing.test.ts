import { afterAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createBreakers } from './breaker.ts'
import { createStaticDiscovery } from './discovery/discovery.ts'
import { createServiceApp } from './http/service-app.ts'
import { createMemoryLogger } from './logger.ts'
import { listen } from './serve.ts'
import { createServiceClient } from './service-client.ts'
import { readTraceparent } from './tracing.ts'
import { startTracing, tracesEndpoint } from './tracing-export.ts'

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const callerSpan = '00f067aa0ba902b7'
const traceparent = (flags = '01', trace = traceId) => `00-${trace}-${callerSpan}-${flags}`
const parse = (header: string, state?: string) =>
  readTraceparent(new Headers({ traceparent: header, ...(state ? { tracestate: state } : {}) }))

// a neighbour that remembers the trace context each request brought
const brought: { path: string; traceparent?: string; tracestate?: string }[] = []
const neighbourApp = createServiceApp({ logger: createMemoryLogger().logger })
neighbourApp.get('/things/:id', (c) => {
  brought.push({ path: c.req.path, traceparent: c.req.header('traceparent'), tracestate: c.req.header('tracestate') })
  return c.json({ ok: true })
})
const neighbour = listen(neighbourApp as unknown as Hono, { port: 0 })

// a service that calls it while serving a request, and logs on the way
const { logger, lines } = createMemoryLogger('front')
const things = createServiceClient({
  service: 'things',
  discovery: createStaticDiscovery({ things: [neighbour.url] }),
  breakers: createBreakers(),
})
const front = createServiceApp({ logger })
front.get('/relay/:id', async (c) => {
  logger.info('relaying')
  await things.get(`/things/${c.req.param('id')}`)
  return c.text('ok')
})
const relay = (id: string, headers: Record<string, string> = {}) => front.request(`/relay/${id}`, { headers })
const sent = (id: string) => brought.find((b) => b.path === `/things/${id}`)
const linesOf = (path: string) => lines.filter((l) => l.path === path || l.msg === 'relaying')

afterAll(() => neighbour.stop(true))

describe('the W3C trace context', () => {
  it('When a traceparent follows the W3C rules, then it is read; a broken one (upper case, version ff, zero ids, extra after 00) is not', () => {
    expect(parse(traceparent())).toEqual({ traceId, spanId: callerSpan, sampled: true })
    expect(parse(traceparent('00'), 'vendor=x')).toEqual({
      traceId,
      spanId: callerSpan,
      sampled: false,
      state: 'vendor=x',
    })
    // a later version is read as 00, what follows its flags ignored
    expect(parse(`cc-${traceId}-${callerSpan}-01-more`)).toMatchObject({ traceId, sampled: true })
    for (const broken of [
      traceparent().toUpperCase(),
      `ff-${traceId}-${callerSpan}-01`,
      traceparent('01', '0'.repeat(32)),
      `00-${traceId}-${'0'.repeat(16)}-01`,
      `${traceparent()}-more`,
      `00-${traceId}-${callerSpan}`,
      'nonsense',
    ])
      expect(parse(broken), broken).toBeUndefined()
  })

  it("When a request brings a traceparent, then its neighbour's call continues that trace as a child of this hop, and every log line of the request names it", async () => {
    await relay('continued', { traceparent: traceparent(), tracestate: 'vendor=x', 'x-request-id': 'req-traced' })
    const [, trace, parent, flags] = (sent('continued')?.traceparent ?? '').split('-')
    expect(trace).toBe(traceId)
    expect(parent).toMatch(/^[0-9a-f]{16}$/)
    expect(parent).not.toBe(callerSpan)
    expect(flags).toBe('01')
    expect(sent('continued')?.tracestate).toBe('vendor=x')
    // the handler's own line and the access-log line
    const logged = linesOf('/relay/continued').filter((l) => l.requestId === 'req-traced')
    expect(logged.map((l) => l.msg)).toEqual(['relaying', 'request'])
    for (const line of logged) expect(line.traceId).toBe(traceId)
  })

  it('When a request brings no traceparent (or a broken one), then this hop starts a trace and its neighbour is told it', async () => {
    await relay('started', { traceparent: 'nonsense', tracestate: 'vendor=x', 'x-request-id': 'req-started' })
    const [version, trace, , flags] = (sent('started')?.traceparent ?? '').split('-')
    expect(version).toBe('00')
    expect(trace).toMatch(/^[0-9a-f]{32}$/)
    expect(trace).not.toBe(traceId)
    expect(flags).toBe('00') // nothing records it here
    // a tracestate without its traceparent means nothing
    expect(sent('started')?.tracestate).toBeUndefined()
    const access = lines.find((l) => l.msg === 'request' && l.requestId === 'req-started')
    expect(access?.traceId).toBe(trace)
  })
})

describe('exporting traces (OTLP/HTTP)', () => {
  it('When no OTEL variable says where spans go (or says none), then none are exported', () => {
    expect(tracesEndpoint({})).toBeUndefined()
    expect(
      tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined()
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined()
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces')
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/traces' })).toBe('http://c:4318/traces')
  })

  it('When OTEL_EXPORTER_OTLP_ENDPOINT names a collector, then each hop is a span sent there, parent to the next; an unsampled trace or a health probe is not sent', async () => {
    const received: OtlpSpan[] = []
    const resources: string[] = []
    const collector = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      async fetch(req) {
        if (new URL(req.url).pathname !== '/v1/traces') return new Response('no', { status: 404 })
        const body = (await req.json()) as OtlpExport
        for (const { resource, scopeSpans } of body.resourceSpans) {
          resources.push(String(resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue))
          for (const scope of scopeSpans) received.push(...scope.spans)
        }
        return Response.json({})
      },
    })
    const tracing = await startTracing('front', { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url.href }, logger)
    try {
      await relay('exported', { traceparent: traceparent() })
      await relay('unsampled', { traceparent: traceparent('00', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') })
      await front.request('/health/live') // the registry's probe, every few seconds
      await tracing?.flush()
    } finally {
      await tracing?.stop()
      await collector.stop(true)
    }
    expect(resources).toContain('front')
    const server = received.find((s) => s.name === 'GET /relay/:id')
    const client = received.find((s) => s.name === 'GET things')
    const served = received.find((s) => s.name === 'GET /things/:id')
    // the caller's span, then this hop, its call, and the neighbour serving it
    expect(server).toMatchObject({ traceId, parentSpanId: callerSpan, kind: 2 })
    expect(client).toMatchObject({ traceId, parentSpanId: server?.spanId, kind: 3 })
    expect(served).toMatchObject({ traceId, parentSpanId: client?.spanId, kind: 2 })
    expect(sent('exported')?.traceparent).toBe(`00-${traceId}-${client?.spanId}-01`)
    const status = server?.attributes.find((a) => a.key === 'http.response.status_code')?.value.intValue
    expect(Number(status)).toBe(200)
    // the caller decided not to sample it: nothing of it is sent, and the neighbour hears so
    expect(received.filter((s) => s.traceId === 'a'.repeat(32))).toEqual([])
    expect(sent('unsampled')?.traceparent?.endsWith('-00')).toBe(true)
    expect(received.map((s) => s.name)).not.toContain('GET /health/live')
  })
})

type OtlpSpan = {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[]
}
type OtlpExport = {
  resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[]
}
