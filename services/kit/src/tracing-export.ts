import { DiagLogLevel, diag } from '@opentelemetry/api'
import type { Logger } from './logger.ts'
import { recordSpansWith } from './tracing.ts'

/** Where this process's spans go, from the standard variables; undefined: nowhere. */
export function tracesEndpoint(env: Record<string, string | undefined>): string | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim())
  if (exporters?.length && !exporters.includes('otlp')) return undefined
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined
}

/**
 * Records this process's spans and exports them over OTLP/HTTP (JSON) when the standard
 * OpenTelemetry variables say where (`OTEL_EXPORTER_OTLP_ENDPOINT`, or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); otherwise spans only carry ids across hops and
 * nothing is loaded. The SDK reads the other standard variables itself (`OTEL_SERVICE_NAME`,
 * `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`, `OTEL_EXPORTER_OTLP_HEADERS`, ...).
 * Spans are batched; `stop` sends what is left.
 *
 * @example
 *   const tracing = await startTracing('sales', process.env, logger) // OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318
 *   await tracing?.stop()
 */
export async function startTracing(service: string, env: Record<string, string | undefined>, logger: Logger) {
  const url = tracesEndpoint(env)
  if (!url) return undefined
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL
  if (protocol === 'grpc')
    logger.warn('spans go over OTLP/HTTP (JSON), not gRPC: point the endpoint at the collector HTTP port (4318)', {
      url,
    })
  // the SDK is only loaded where spans are exported
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ])
  // the SDK's own complaints (a collector that cannot be reached) go into the service's log
  const warn = (message: string) => logger.warn('tracing', { detail: message })
  const quiet = () => {}
  diag.setLogger({ error: warn, warn, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN)
  const resource = resources
    .resourceFromAttributes({ 'service.name': service })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  })
  recordSpansWith(provider.getTracer('shopfront'))
  logger.info('exporting traces', { url })
  return {
    /** Sends the spans waiting in the batch now. */
    flush: () => provider.forceFlush(),
    async stop() {
      recordSpansWith(undefined)
      await provider.shutdown()
      diag.disable()
    },
  }
}
