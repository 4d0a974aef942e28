import { exampleOf, type JsonSchema } from '../http/openapi.ts'
import { documentedAnswers } from './documented-answers.ts'
import type { SendFn, Sent } from './service-under-test.ts'

type Operation = {
  security?: unknown[]
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[]
  responses?: Record<string, unknown>
  requestBody?: { content?: Record<string, { example?: unknown; schema?: JsonSchema }> }
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
/** What a careless client uploads as a file (a picture, say): nothing, words, a header with no file, a vector drawing. */
const junkFiles = [
  '',
  'not a file of this type',
  'GIF89a',
  `\u00ff\u00d8\u00ff${'x'.repeat(5000)}`,
  '<svg xmlns="http://www.w3.org/2000/svg"/>',
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
/** What a client puts in a header (printable: fetch refuses the rest before it is sent). */
const junkHeaders = ['', 'x', '-1', ' ', 'a'.repeat(4000), '%00', 'é']
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

/** A copy of a JSON value whose fields named in `known` hold the known values. */
function withKnown(value: unknown, known: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withKnown(v, known))
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && k in known ? known[k] : withKnown(v, known)]),
  )
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

/** A request the probe sends: a path (with its query), a body, its documented headers (one may be junk). */
interface Probe {
  path: string
  body?: unknown
  headers: Record<string, string>
  /** The document's example as it stands: what "Try it out" sends. */
  example?: boolean
}

/** The bad requests for one operation, from its documented parameters and body example. */
function probesFor(template: string, op: Operation, known: Record<string, string>): Probe[] {
  const names = (where: string) => (op.parameters ?? []).filter((p) => p.in === where).map((p) => p.name)
  const content = op.requestBody?.content?.['application/json']
  // an upload: a file of a documented type instead of JSON
  const fileTypes = Object.keys(op.requestBody?.content ?? {}).filter((type) => type !== 'application/json')
  const body = fileTypes.length ? junkFiles[1] : withKnown(content?.example, known)
  // the example with the optional fields too, so that junk reaches each of them
  const full = withKnown(exampleOf(content?.schema, 0, true), known)
  const path = (name?: string, segment?: string) =>
    template.replace(/\{(\w+)\}/g, (param: string, p: string, at: number) =>
      p === name && segment !== undefined ? segment : (known[template.slice(0, at) + param] ?? known[p] ?? someId),
    )
  // the required query parameters with their examples (but the one that is junk), and the junk
  const required = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required)
  const url = (to: string, junk?: [string, string]) => {
    const examples = required.filter((p) => p.name !== junk?.[0]).map((p) => [p.name, String(exampleOf(p.schema))])
    const query = [new URLSearchParams(examples).toString(), junk ? `${junk[0]}=${junk[1]}` : ''].filter(Boolean)
    return query.length ? `${to}?${query.join('&')}` : to
  }
  // a documented header is a fresh UUID (a new idempotency key each time), but for the one junk
  const headers = (junk?: [string, string]) => ({
    ...(fileTypes[0] ? { 'content-type': fileTypes[0] } : {}),
    ...Object.fromEntries(names('header').map((name) => [name, crypto.randomUUID()])),
    ...(junk ? { [junk[0]]: junk[1] } : {}),
  })
  const probe = (to: string, payload: unknown, header?: [string, string]): Probe => ({
    path: to,
    body: payload,
    headers: headers(header),
  })
  const probes: Probe[] = [{ ...probe(url(path()), body), example: true }]
  for (const name of names('header'))
    for (const value of junkHeaders) probes.push(probe(url(path()), body, [name, value]))
  for (const name of names('path'))
    for (const segment of junkSegments) probes.push(probe(url(path(name, segment)), body))
  for (const name of names('query')) {
    for (const segment of [...junkSegments, '']) probes.push(probe(url(path(), [name, segment]), body))
    // the parameter twice, as a form with two fields of a name sends it
    probes.push(probe(url(path(), [name, `1&${name}=2`]), body))
  }
  if (body === undefined) return probes
  if (fileTypes.length) {
    // each junk file as each type, and a file of a type not documented
    for (const type of fileTypes)
      for (const junk of junkFiles) probes.push({ path: url(path()), body: junk, headers: { 'content-type': type } })
    probes.push({ path: url(path()), body: junkFiles[1], headers: { 'content-type': 'text/plain' } })
    return probes
  }
  probes.push({ ...probe(url(path()), full), example: true })
  for (const junk of junkBodies) probes.push(probe(url(path()), junk))
  for (const at of leaves(full))
    for (const junk of junkValues) probes.push(probe(url(path()), replaced(full, at, junk)))
  return probes
}

/**
 * What is wrong with one answer to a probe, or nothing: a 5xx, a body the document leaves
 * out, its own example refused, a refusal that is not a problem naming its status, an
 * answer (refusal or success) the document does not state, or a refusal that changed
 * tables (`wrote`). `differences`: the success's answer against its stated schema (asked
 * only of a success).
 */
function findingOf(
  what: string,
  op: Operation,
  probe: Probe,
  sent: Sent,
  differences: () => string[],
  wrote: string[],
): string | undefined {
  const type = sent.headers.get('content-type') ?? ''
  const isProblem = type.startsWith('application/problem+json')
  const problem = (isProblem ? sent.body : {}) as { type?: string; status?: unknown; detail?: unknown }
  const stated = op.responses?.[String(sent.status)] as { content?: unknown } | undefined
  const sentBody = typeof probe.body === 'string' ? probe.body.slice(0, 40) : JSON.stringify(probe.body)?.slice(0, 120)
  const headers = Object.keys(probe.headers).length ? ` ${JSON.stringify(probe.headers).slice(0, 100)}` : ''
  const request = `${probe.path.slice(0, 120)}${sentBody ? ` ${sentBody}` : ''}${headers}`
  if (sent.status === 415 && probe.body === undefined)
    return `${what}: takes a body its document does not describe (415 without one)`
  // a neighbour the harness leaves out answers as an unreachable one does: the 503 the document states
  if (sent.status >= 500 && !(sent.status === 503 && stated && /unavailable$/.test(problem.type ?? '')))
    return `${what}: ${sent.status} for ${request} (${sent.text.slice(0, 160)})`
  if (sent.status < 400) {
    if (!stated) return `${what}: answers ${sent.status}, which its document does not state`
    const unlike = stated.content ? differences() : []
    if (unlike.length)
      return `${what}: its ${sent.status} answer is not the one its document states (${unlike.slice(0, 3).join('; ')})`
    return undefined
  }
  // the kit's own refusal of a body, query or path that does not match its schema (a refusal
  // of what the values mean, a wrong password say, is the example's luck, not a disagreement)
  if (probe.example && sent.status === 400 && /^Invalid (body|query|path)\.$/.test(String(problem.detail)))
    return `${what}: refuses its document's own example, so the two disagree (${sent.text.slice(0, 200)})`
  if (!isProblem) return `${what}: a ${sent.status} that is not problem+json for ${probe.path.slice(0, 120)}`
  if (problem.status !== sent.status) return `${what}: a ${sent.status} whose problem says status ${problem.status}`
  if (!stated)
    return `${what}: answers ${sent.status}, which its document does not state (${String(problem.detail).slice(0, 100)})`
  if (wrote.length) return `${what}: a ${sent.status} for ${request} changed ${wrote.join(', ')}`
  return undefined
}

/** How the probe sees what a request wrote: the tables changed since the last call, and what each operation's refusals may write. */
export interface WriteWatch {
  changed: () => Promise<string[]>
  /** By operation (`'POST /api/auth/login'`), the tables its refusals write on purpose (a failed sign-in counted). */
  refusalsWrite?: Record<string, string[]>
}

/**
 * Sends every operation of an API document what a careless or hostile client would send:
 * junk in each path parameter and each query parameter, bodies that are not JSON or not an
 * object, and the document's own example with each field in turn made null, negative, huge,
 * fractional, empty, NUL, a lone surrogate, 20,000 characters, a list or an object, and junk
 * in each documented header (the others a fresh UUID, as an idempotency key wants). Each goes
 * with every Authorization header given (the roles that pass the operation's door reach its
 * validation; one the door turns away with the example is not sent the junk; an operation
 * open to anyone gets it once).
 *
 * What comes back is what a client could not be told plainly: each answer of 500 or more
 * (but a 503 the operation documents, as when the test leaves out a neighbour), each 4xx
 * that is not problem+json naming its status, and the document's own example (required
 * query parameters included) refused as not matching the route's schema: a REST client's
 * "Try it out" must not be told its request is invalid. Every answer, too, must be one its
 * document states: a refusal's status, a success's status and its schema. An empty list:
 * every bad request was refused as the house style asks (or served, where the value is fine).
 *
 * @example
 *   expect(await badInputFindings(openApiDocument, send, [as.admin, as.customer])).toEqual([])
 */
export async function badInputFindings(
  doc: ApiDocument,
  send: SendFn,
  auths: string[],
  /**
   * Values that exist, so that a bad body reaches what it would change: a path parameter's by
   * the path up to it (`'/api/categories/{id}'`) or by its name for any path (`id`); a name
   * also fills the body example's fields of that name (`productId`).
   */
  known: Record<string, string> = {},
  /** When given, a refusal (4xx) must leave every table as it was, but those its operation may write. */
  writes?: WriteWatch,
): Promise<string[]> {
  const findings = new Set<string>()
  const check = await documentedAnswers(doc)
  await writes?.changed()
  for (const [template, operations] of Object.entries(doc.paths))
    for (const [method, value] of Object.entries(operations)) {
      const op = value as Operation
      const what = `${method.toUpperCase()} ${template}`
      // an operation open to anyone takes the junk the same from any caller: once is enough
      for (const auth of op.security ? auths : auths.slice(0, 1))
        for (const [i, probe] of probesFor(template, op, known).entries()) {
          const sent = await send(method.toUpperCase(), probe.path, {
            body: probe.body,
            auth,
            headers: probe.headers,
          }).catch(
            (err: unknown): Sent => ({ status: 599, headers: new Headers(), body: String(err), text: String(err) }),
          )
          // read after every answer, so that a success's writes are not laid at the next refusal's door
          const wrote = (await writes?.changed()) ?? []
          const allowed = writes?.refusalsWrite?.[what] ?? []
          const finding = findingOf(
            what,
            op,
            probe,
            sent,
            () => check(method, template, sent.status, sent.body),
            wrote.filter((table) => !allowed.includes(table)),
          )
          if (finding) findings.add(finding)
          // a role the door turns away meets the same door with any junk: the other roles go further
          if (op.security && i === 0 && (sent.status === 401 || sent.status === 403)) break
        }
    }
  return [...findings]
}
