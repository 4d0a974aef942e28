/** Flat properties; an empty list stays `[]` (Spring writes '' there, which no typed client can tell from a string). */
export type Flat = Record<string, string | number | boolean | null | never[]>

/** Nested YAML data as Spring's flat property names: `a.b.c`, lists as `a.list[0]`. */
export function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (Array.isArray(value)) {
    if (value.length === 0 && prefix) out[prefix] = []
    for (const [i, item] of value.entries()) flatten(item, `${prefix}[${i}]`, out)
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out)
  } else if (prefix) {
    out[prefix] = value instanceof Date ? value.toISOString() : (value as Flat[string])
  }
  return out
}

/** The inverse of `flatten`, for the merged `.yml` and `.json` views. */
export function unflatten(flat: Flat): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(flat)) {
    const path = name.split('.').flatMap((part) => {
      const [, key = part, indexes = ''] = /^([^[]*)((?:\[\d+\])*)$/.exec(part) ?? []
      return [key, ...[...indexes.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))].filter((p) => p !== '')
    })
    // each step is an object or a list (the next key says which), made where missing
    type Node = Record<string | number, unknown>
    let node: Node = root
    path.forEach((key, i) => {
      if (i === path.length - 1) node[key] = value
      else {
        node[key] ??= typeof path[i + 1] === 'number' ? [] : {}
        node = node[key] as Node
      }
    })
  }
  return root
}

/** Java-properties text, keys sorted, with the characters that need it escaped. */
export function toProperties(flat: Flat): string {
  const escaped = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/([=:#!])/g, '\\$1')
  return `${Object.keys(flat)
    .sort()
    .map(
      (k) =>
        `${escaped(k)}: ${String(flat[k] ?? '')
          .replace(/\\/g, '\\\\')
          .replace(/\n/g, '\\n')}`,
    )
    .join('\n')}\n`
}
