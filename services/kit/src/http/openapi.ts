import * as z from 'zod'

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** OpenAPI path, e.g. /api/products/{id}. */
  path: string
  summary: string
  tags?: string[]
  /** Who may call it: shown in the description, and a bearer requirement unless public (`support`: support agents and admins). */
  access?: 'public' | 'user' | 'support' | 'admin' | 'service'
  body?: z.ZodType
  query?: z.ZodType
  /** Request headers it reads, e.g. checkout's Idempotency-Key. */
  headers?: { name: string; description: string; required?: boolean; schema?: Record<string, unknown> }[]
  responses: Record<number, string | { description: string; schema?: z.ZodType }>
}

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    retryable: { type: 'boolean' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>
  return withoutSafeIntegerBounds(rest) as Record<string, unknown>
}

/**
 * zod states every integer's bounds, ±(2^53 - 1) where the schema sets none: noise in a
 * document people read. Only the bounds a schema really sets (a percentage of 1 to 100) stay.
 */
function withoutSafeIntegerBounds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSafeIntegerBounds)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (
      (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) ||
      (key === 'maximum' && value === Number.MAX_SAFE_INTEGER)
    )
      continue
    out[key] = withoutSafeIntegerBounds(value)
  }
  return out
}

const accessText = {
  public: 'anyone',
  user: 'a signed-in user',
  support: 'support agents and admins',
  admin: 'admins',
  service: 'other services (a service token)',
} as const

/**
 * A service's OpenAPI 3.1 document, generated from the same zod schemas that validate its
 * requests, so the documentation cannot drift from what the service accepts.
 *
 * @example
 *   export const doc = openApiDocument('products', [{ method: 'get', path: '/api/products', summary: 'Search', query: searchQuery, responses: { 200: 'A page' } }])
 */
export function openApiDocument(title: string, operations: OperationSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations) {
    const parameters = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...(op.query ? queryParameters(jsonSchema(op.query, 'input')) : []),
      ...(op.headers ?? []).map((h) => ({
        name: h.name,
        in: 'header',
        required: h.required ?? false,
        description: h.description,
        schema: h.schema ?? { type: 'string' },
      })),
    ]
    const responses: Record<string, unknown> = {}
    for (const [status, spec] of Object.entries(op.responses)) {
      const { description, schema } = typeof spec === 'string' ? { description: spec, schema: undefined } : spec
      responses[status] = schema
        ? { description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }
        : { description }
    }
    responses.default = { description: 'A problem', content: { 'application/problem+json': { schema: problem } } }
    ;(paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: op.tags ?? [title],
      description: `Access: ${accessText[op.access ?? 'public']}.`,
      ...(op.access && op.access !== 'public' ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: `Shopfront ${title}`, version: '1.0.0' },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  }
}

function queryParameters(schema: Record<string, unknown>) {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  const required = new Set((schema.required as string[] | undefined) ?? [])
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name) && s.default === undefined,
    schema: s,
  }))
}
