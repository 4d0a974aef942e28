import * as z from 'zod'

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** OpenAPI path, e.g. /api/products/{id}. */
  path: string
  summary: string
  tags?: string[]
  /** Who may call it: shown in the description, and a bearer requirement unless public. */
  access?: 'public' | 'user' | 'admin' | 'service'
  body?: z.ZodType
  query?: z.ZodType
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
  return rest
}

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
      description: `Access: ${op.access ?? 'public'}.`,
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
