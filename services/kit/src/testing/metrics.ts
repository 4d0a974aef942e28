/**
 * The value of one Prometheus sample in an exposition text, matched by name and a subset
 * of its labels in any order; undefined when no sample matches.
 *
 * @example
 *   readMetric(text, 'circuit_breaker_state', { breaker: 'echo@1' }) // 0
 */
export function readMetric(
  text: string,
  name: string,
  labels: Record<string, string | RegExp> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]))
    const matches = Object.entries(labels).every(([k, v]) =>
      typeof v === 'string' ? found[k] === v : v.test(found[k] ?? ''),
    )
    if (matches) return Number(m[3])
  }
  return undefined
}
