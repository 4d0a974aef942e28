import type { SendFn } from './service-under-test.ts'

type Operation = {
  parameters?: { name: string; in: string }[]
  requestBody?: { content?: Record<string, { example?: unknown }> }
}
type ApiDocument = { paths: Record<string, Record<string, unknown>> }

/** Values a careless or hostile client puts where a field's value goes. */
const junkValues: unknown[] = [
  null,
  -1,
  0.5,
  2 ** 31,
  1e308,
  '',
  'x',
  '\u0000',
  '\ud800',
  '2026-13-45',
  'a'.repeat(20_000),
  [],
  {},
  true,
]
/** Bodies that are not the JSON object an operation takes. */
const junkBodies = [
  '',
  '{',
  'null',
  '[]',
  '"x"',
  '1',
  '{"__proto__":{"admin":true}}',
  '{"a":'.repeat(2000),
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
]
/** What a client puts in a path segment or a query value (already URL-encoded). */
const junkSegments = [
  'x',
  '-1',
  '0',
  '99999999999999999999',
  '1e400',
  '%27%20OR%201%3D1--',
  '%00',
  '%E2%28%A1',
  '%20',
  'a'.repeat(3000),
  '00000000-0000-0000-0000-000000000000',
  'SF-999999999999',
]
/** A path parameter's stand-in when another part of the request is the junk. */
const someId = '3f1c9c1e-8a51-4f6e-9d2b-4a8a6c0f1e2d'

/** Each leaf of a JSON value, as a path of keys and indexes. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leaves(v, [...at, i])) : [at]
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    return entries.length ? entries.flatMap(([k, v]) => leaves(v, [...at, k])) : [at]
  }
  return [at]
}

/** A copy of a JSON value with the leaf at `at` replaced. */
function replaced(value: unknown, at: (string | number)[], by: unknown): unknown {
  if (at.length === 0) return by
  const copy = structuredClone(value) as Record<string | number, unknown>
  let node = copy
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[at[at.length - 1] as string | number] = by
  return copy
}

/**
 * Sends every operation of an API document what a careless or hostile client would send:
 * junk in each path parameter and each query parameter, bodies that are not JSON or not an
 * object, and the document's own example with each field in turn made null, negative, huge,
 * fractional, empty, NUL, a lone surrogate, 20,000 characters, a list or an object. Each goes
 * with every Authorization header given (the roles that pass the operation's door reach its
 * validation). What comes back is what a client could not be told plainly: each answer of
 * 500 or more, and each 4xx that is not problem+json naming its status. An empty list: every
 * bad request was refused as the house style asks (or served, where the value is fine).
 *
 * @example
 *   expect(await badInputFindings(openApiDocument, send, [as.admin, as.customer])).toEqual([])
 */
export async function badInputFindings(
  doc: ApiDocument,
  send: SendFn,
  auths: string[],
  /**
   * Path parameters' values that exist, so that a bad body reaches what it would change: by
   * the path up to the parameter (`'/api/categories/{id}'`) or by its name for any path (`id`).
   */
  known: Record<string, string> = {},
): Promise<string[]> {
  const findings = new Set<string>()
  for (const [template, operations] of Object.entries(doc.paths))
    for (const [method, value] of Object.entries(operations)) {
      const op = value as Operation
      const params = op.parameters ?? []
      const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name)
      const queryNames = params.filter((p) => p.in === 'query').map((p) => p.name)
      const example = op.requestBody?.content?.['application/json']?.example
      const pathWith = (name?: string, segment?: string) =>
        template.replace(/\{(\w+)\}/g, (param: string, p: string, at: number) =>
          p === name && segment !== undefined ? segment : (known[template.slice(0, at) + param] ?? known[p] ?? someId),
        )
      const requests: { path: string; body?: unknown }[] = [{ path: pathWith(), body: example }]
      for (const name of pathNames)
        for (const segment of junkSegments) requests.push({ path: pathWith(name, segment), body: example })
      for (const name of queryNames)
        for (const segment of [...junkSegments, '']) {
          requests.push({ path: `${pathWith()}?${name}=${segment}`, body: example })
          requests.push({ path: `${pathWith()}?${name}=${segment}&${name}=${segment}`, body: example })
        }
      if (example !== undefined) {
        for (const body of junkBodies) requests.push({ path: pathWith(), body })
        for (const at of leaves(example))
          for (const junk of junkValues) requests.push({ path: pathWith(), body: replaced(example, at, junk) })
      }
      for (const auth of auths)
        for (const { path, body } of requests) {
          const sent = await send(method.toUpperCase(), path, { body, auth }).catch((err: unknown) => ({
            status: 599,
            headers: new Headers(),
            body: String(err),
            text: String(err),
          }))
          const what = `${method.toUpperCase()} ${template}`
          const shown = typeof body === 'string' ? body.slice(0, 40) : JSON.stringify(body)?.slice(0, 120)
          if (sent.status === 415 && body === undefined)
            findings.add(`${what}: takes a body its document does not describe (415 without one)`)
          else if (sent.status >= 500)
            findings.add(
              `${what}: ${sent.status} for ${path.slice(0, 120)} ${shown ?? ''} (${sent.text.slice(0, 160)})`,
            )
          else if (
            sent.status >= 400 &&
            !(sent.headers.get('content-type') ?? '').startsWith('application/problem+json')
          )
            findings.add(`${what}: a ${sent.status} that is not problem+json for ${path.slice(0, 120)}`)
          else if (sent.status >= 400 && sent.body?.status !== sent.status)
            findings.add(`${what}: a ${sent.status} whose problem says status ${sent.body?.status}`)
        }
    }
  return [...findings]
}
