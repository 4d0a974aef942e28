const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * Parses a Go duration as Consul accepts it ("10s", "1m30s", "500ms") into milliseconds;
 * a bare number is nanoseconds, as in Consul's JSON. Undefined when it does not parse.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return value / 1e6
  if (typeof value !== 'string' || value.trim() === '') return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) / 1e6
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)]
  if (parts.map((p) => p[0]).join('') !== value) return undefined
  return parts.reduce((total, [, n, unit = '']) => total + Number(n) * (units[unit] ?? 0), 0)
}
