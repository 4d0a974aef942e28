import {
  type Attributes,
  createTraceState,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace as otel,
  type Tracer,
} from '@opentelemetry/api'

/** Where a request is in its trace (W3C Trace Context): the trace, this hop's span, whether it is sampled. */
export interface TraceContext {
  traceId: string
  spanId: string
  sampled: boolean
  /** The caller's `tracestate`, passed on as it came. */
  state?: string
}

const traceparent = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/
const allZero = /^0+$/

/**
 * The caller's place in its trace from `traceparent` (and `tracestate`), or undefined when
 * there is none or it breaks the W3C rules (then this hop starts a trace of its own).
 * A later version than 00 is read as 00, as the recommendation asks; version ff is invalid.
 */
export function readTraceparent(headers: Headers): TraceContext | undefined {
  const header = headers.get('traceparent')
  if (!header) return undefined
  const [, version, traceId = '', spanId = '', flags = '', more] = traceparent.exec(header) ?? []
  // version 00 has nothing after its flags; a later one may (and is read as 00)
  if (!version || version === 'ff' || (version === '00' && more)) return undefined
  if (allZero.test(traceId) || allZero.test(spanId)) return undefined
  const state = headers.get('tracestate') ?? undefined
  const parent = { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 }
  return state && state.length <= 512 ? { ...parent, state } : parent
}

/** The `traceparent` header that makes a span the parent of the next hop's. */
export const traceparentOf = ({ traceId, spanId, sampled }: TraceContext) =>
  `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`

/** What a span did, told when it ends: its final name (a server span learns its route last), attributes, a failure. */
export interface SpanOutcome {
  name?: string
  attributes?: Attributes
  /** Why it failed (a status or an error's type); the span's status becomes an error. */
  error?: string
}

/** One hop of a trace: a request served, a call to a neighbour, or a piece of background work. */
export interface Span {
  readonly trace: TraceContext
  /** It is recorded (an exporter runs, and it is sampled): only then is its outcome worth describing. */
  readonly recorded: boolean
  end(outcome?: SpanOutcome): void
}

// where spans go: one per process, as OpenTelemetry's own provider is (startTracing sets it)
let tracer: Tracer | undefined

/** Records spans with `next` from now on (undefined: ids only, nothing recorded). */
export function recordSpansWith(next: Tracer | undefined) {
  tracer = next
}

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const random = new Uint8Array(16)
function randomHex(bytes: number) {
  crypto.getRandomValues(random)
  let out = ''
  for (let i = 0; i < bytes; i++) out += hex[random[i] as number]
  return out
}

const noOutcome = () => {}

/** A span with ids only, never recorded (a health probe's: the registry asks every few seconds). */
export function unrecordedSpan(parent?: TraceContext): Span {
  const trace = { traceId: parent?.traceId ?? randomHex(16), spanId: randomHex(8), sampled: parent?.sampled ?? false }
  return { trace: parent?.state ? { ...trace, state: parent.state } : trace, recorded: false, end: noOutcome }
}

/**
 * A span of this process, in `parent`'s trace (a new trace without one). Without an
 * exporter (see startTracing) it only has ids, so the trace still crosses every hop and
 * every log line; with one it is recorded and exported when it ends, if sampled.
 */
export function startSpan(
  kind: 'server' | 'client' | 'internal',
  name: string,
  parent?: TraceContext,
  attributes?: Attributes,
): Span {
  if (!tracer) return unrecordedSpan(parent)
  const context = parent
    ? otel.setSpanContext(ROOT_CONTEXT, {
        traceId: parent.traceId,
        spanId: parent.spanId,
        traceFlags: parent.sampled ? 1 : 0,
        isRemote: kind === 'server',
        ...(parent.state ? { traceState: createTraceState(parent.state) } : {}),
      })
    : ROOT_CONTEXT
  const spanKind = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL }[kind]
  const span = tracer.startSpan(name, { kind: spanKind, ...(attributes ? { attributes } : {}) }, context)
  const { traceId, spanId, traceFlags } = span.spanContext()
  const trace = { traceId, spanId, sampled: (traceFlags & 1) === 1 }
  return {
    trace: parent?.state ? { ...trace, state: parent.state } : trace,
    recorded: span.isRecording(),
    end({ name, attributes, error } = {}) {
      if (name) span.updateName(name)
      if (attributes) span.setAttributes(attributes)
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error })
      span.end()
    },
  }
}

/** Ends a call's client span with its answer's status (a 4xx or 5xx failed), or why none came. */
export function endClientSpan(span: Span, { status, failure }: { status?: number; failure?: string }) {
  if (!span.recorded) return
  const error = failure ?? (status !== undefined && status >= 400 ? String(status) : undefined)
  span.end({
    ...(status !== undefined ? { attributes: { 'http.response.status_code': status } } : {}),
    ...(error ? { error } : {}),
  })
}
