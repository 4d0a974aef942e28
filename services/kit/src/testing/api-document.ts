import { describe, expect, it } from 'vitest'
import type { Sql } from 'postgres'
import { badInputFindings } from './bad-input.ts'
import type { SendFn } from './service-under-test.ts'
import { tableChanges } from './table-changes.ts'

/**
 * How a service's public routes and its OpenAPI document disagree: `undocumented` are
 * routes it serves that the document leaves out, `unserved` operations the document
 * describes that it does not serve. Public means under /api or /.well-known (/internal is
 * for services and not published). Both lists empty: the document is the truth.
 *
 * @example
 *   expect(apiDocumentDrift(app, openApiDocument)).toEqual({ undocumented: [], unserved: [] })
 */
export function apiDocumentDrift(
  app: { routes: { method: string; path: string }[] },
  doc: { paths: Record<string, Record<string, unknown>> },
) {
  const verbs = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
  // Hono's /:id{pattern} and OpenAPI's /{id} to one form
  const normal = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}').replace(/\/$/, '') || '/'
  const served = new Set(
    app.routes
      .filter((r) => verbs.has(r.method) && /^\/(api|\.well-known)\//.test(r.path))
      .map((r) => `${r.method} ${normal(r.path)}`),
  )
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${normal(path)}`),
    ),
  )
  return {
    undocumented: [...served].filter((r) => !documented.has(r)).sort(),
    unserved: [...documented].filter((r) => !served.has(r)).sort(),
  }
}

/**
 * What an OpenAPI validator (@seriousme/openapi-schema-validator, against the OpenAPI 3.1
 * schema) finds wrong with a document: none, for a document REST clients can load.
 */
export async function openApiProblems(doc: unknown): Promise<string[]> {
  const { Validator } = await import('@seriousme/openapi-schema-validator')
  const result = await new Validator().validate(doc as Record<string, unknown>)
  return result.valid
    ? []
    : (result.errors as { instancePath?: string; message?: string }[]).map((e) =>
        `${e.instancePath ?? ''} ${e.message ?? ''}`.trim(),
      )
}

/** Every example in a document that does not match its own schema (what "Try it out" would send or show). */
export async function exampleProblems(doc: { paths: Record<string, Record<string, unknown>> }): Promise<string[]> {
  const { Ajv2020 } = await import('ajv/dist/2020.js')
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
  const problems: string[] = []
  const contents = (op: any) => [
    ['request', op.requestBody?.content?.['application/json']],
    ...Object.entries(op.responses ?? {}).map(([status, r]: [string, any]) => [
      status,
      r?.content?.['application/json'],
    ]),
  ]
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      for (const [where, content] of contents(op)) {
        if (!content?.schema) continue
        if (!('example' in content)) problems.push(`${method.toUpperCase()} ${path} ${where}: no example`)
        else if (!ajv.validate(content.schema, content.example))
          problems.push(`${method.toUpperCase()} ${path} ${where}: ${ajv.errorsText(ajv.errors)}`)
      }
  return problems
}

/** A service under the kit's harness, as `describeApiDocument` drives it. */
export interface DocumentedService {
  app: { routes: { method: string; path: string }[] }
  send: SendFn
  /** Its Authorization headers by role (those that are strings are used). */
  as: Record<string, unknown>
  /** Its log lines: a value the database refused after validation let it through is a gap in validation. */
  logs?: Record<string, unknown>[]
  /** Its database: a refusal must leave its tables as they were. */
  sql?: Sql
}

/**
 * The four checks every service's API document passes, as one `describe` block: each
 * public route is documented and each documented operation served, the document is valid
 * OpenAPI 3.1, every example matches its schema (what REST clients' "Try it out" sends),
 * and no documented operation answers bad input with a 5xx, with anything its document
 * does not state, or with a refusal that changed its database (`badInputFindings`, with
 * every role's token; `known` names path values that exist, made by the test first, so that
 * bad bodies reach what they would change; `refusalsWrite` the tables an operation's
 * refusals write on purpose, by operation).
 *
 * @example
 *   const service = await startProducts()
 *   const made = await service.send('POST', '/api/products', { body, auth: service.as.admin })
 *   describeApiDocument(service, openApiDocument, { id: made.body.id })
 */
export function describeApiDocument(
  service: DocumentedService,
  doc: { paths: Record<string, Record<string, unknown>> },
  known: Record<string, string> = {},
  refusalsWrite: Record<string, string[]> = {},
) {
  const { app } = service
  describe('the API document', () => {
    it('When the public routes are compared with the OpenAPI document, then each route is described and each description served', () => {
      expect(app.routes.filter((r) => r.path.startsWith('/api/')).length).toBeGreaterThan(0)
      expect(apiDocumentDrift(app, doc)).toEqual({ undocumented: [], unserved: [] })
    })

    it('When the document is checked by an OpenAPI validator, then it is a valid OpenAPI 3.1 document', async () => {
      expect(await openApiProblems(doc)).toEqual([])
    })

    it('When REST clients fill in "Try it out", then every request and answer has an example that matches its schema', async () => {
      expect(await exampleProblems(doc)).toEqual([])
    })

    it('When every documented operation is sent junk in its path, query, headers and body by every role, then each answer is one its document states (a problem naming its status, or a success of its schema), never a 5xx, and a refusal changes nothing', async () => {
      const auths = Object.values(service.as).filter((v): v is string => typeof v === 'string')
      const writes = service.sql && { changed: tableChanges(service.sql), refusalsWrite }
      expect(await badInputFindings(doc, service.send, auths, known, writes)).toEqual([])
      // a 400 all the same, but one the database gave: the route's schema let the value through
      const refused = (service.logs ?? []).filter((l) => /the database refused a value/.test(String(l.msg)))
      expect(refused.map((l) => `${l.path}: ${l.code}`)).toEqual([])
    }, 120_000)
  })
}
