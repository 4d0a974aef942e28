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
  /** A file as the body instead (an upload), of these media types: `['image/jpeg', 'image/png']`. */
  file?: string[]
  query?: z.ZodType
  /** Request headers it reads, e.g. checkout's Idempotency-Key. */
  headers?: { name: string; description: string; required?: boolean; schema?: Record<string, unknown> }[]
  /** What each status answers: a description; a JSON schema; or `media`, a file of that type (a picture). */
  responses: Record<number, string | { description: string; schema?: z.ZodType; media?: string }>
}

/** A file's bytes, as OpenAPI states a binary body (REST clients offer to pick a file). */
const binary = { schema: { type: 'string', format: 'binary' } }

/** An RFC 9457 problem as every service answers one, for documents (the gateway's too). */
export const problemSchema = {
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

/** A JSON Schema, as much of it as examples are made from. */
export interface JsonSchema {
  type?: string | string[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  exclusiveMinimum?: number
  minItems?: number
  enum?: unknown[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  example?: unknown
  default?: unknown
  const?: unknown
}

/**
 * An example of a JSON Schema's value (what "Try it out" fills in): the schema's own
 * example or default when it has one, else the first enum value, a value inside the stated
 * bounds, one item of an array, every required property of an object (`every`: every
 * property, the optional ones too).
 */
export function exampleOf(schema: JsonSchema | undefined, depth = 0, every = false): unknown {
  if (!schema || depth > 8) return null
  if ('example' in schema) return schema.example
  if ('default' in schema) return schema.default
  if ('const' in schema) return schema.const
  if (Array.isArray(schema.enum)) return schema.enum[0]
  const choice = schema.anyOf ?? schema.oneOf
  if (Array.isArray(choice)) return exampleOf(choice.find((c) => c.type !== 'null') ?? choice[0], depth + 1, every)
  if (Array.isArray(schema.allOf)) return exampleOf(Object.assign({}, ...schema.allOf), depth + 1, every)
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {}
      const required = new Set(schema.required ?? Object.keys(properties))
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => every || required.has(name))
          .map(([name, s]) => [name, exampleOf(s, depth + 1, every)]),
      )
    }
    case 'array':
      return schema.minItems === 0 && !schema.items ? [] : [exampleOf(schema.items, depth + 1, every)]
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number'
        ? schema.minimum
        : typeof schema.exclusiveMinimum === 'number'
          ? schema.exclusiveMinimum + 1
          : 1
    case 'boolean':
      return true
    case 'string':
      return stringExample(schema)
    default:
      return null
  }
}

function stringExample(schema: JsonSchema): string {
  const byFormat: Record<string, string> = {
    uuid: '5f0c6a1e-2b7d-4c1a-9e3f-8d2b6a4c1e90',
    email: 'ann@example.com',
    'date-time': '2026-12-01T10:00:00.000Z',
    date: '2026-12-01',
    uri: 'https://shop.example/images/1.png',
  }
  const formatted = schema.format && byFormat[schema.format]
  if (formatted) return formatted
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0
  const text = 'example text'
  const plain = text.length >= min ? text.slice(0, schema.maxLength ?? text.length) : text.padEnd(min, 'x')
  if (!schema.pattern) return plain
  // a value of the shapes the platform's patterns ask for
  const pattern = new RegExp(schema.pattern)
  return (
    [
      plain,
      '123456',
      'US',
      'SF-1001',
      'SAVE10',
      'COF-001',
      'coffee',
      '4242424242424242',
      '123',
      '12/30',
      'Bearer abc',
      '+1 555 0100',
      'abcdefghij0123456789',
    ].find((v) => pattern.test(v)) ?? plain
  )
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
    for (const [status, spec] of Object.entries({ ...refusals(op, parameters.length > 0), ...op.responses })) {
      responses[status] = responseOf(Number(status), spec)
    }
    responses.default = { description: 'A problem', content: { 'application/problem+json': { schema: problemSchema } } }
    const path = paths[op.path] ?? {}
    paths[op.path] = path
    path[op.method] = {
      summary: op.summary,
      tags: op.tags ?? [title],
      description: `Access: ${accessText[op.access ?? 'public']}.`,
      ...(op.access && op.access !== 'public' ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': body(op.body) } } } : {}),
      ...(op.file
        ? { requestBody: { required: true, content: Object.fromEntries(op.file.map((t) => [t, binary])) } }
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

/**
 * One stated answer: a success's JSON with its example, or a refusal's problem+json, with what
 * its schema adds to the problem's members (a refused checkout's `reason` and order) where it has one.
 */
function responseOf(status: number, spec: OperationSpec['responses'][number]) {
  const { description, schema, media } = typeof spec === 'string' ? { description: spec, schema: undefined } : spec
  if (media) return { description, content: { [media]: binary } }
  const shape = schema && jsonSchema(schema, 'output')
  if (status >= 400) {
    // what the schema states are members the problem has besides its own
    const { properties = {}, required } = (shape ?? {}) as { properties?: object; required?: string[] }
    const problem = {
      ...problemSchema,
      properties: { ...problemSchema.properties, ...properties },
      ...(required && { required }),
    }
    return { description, content: { 'application/problem+json': { schema: problem } } }
  }
  return shape
    ? { description, content: { 'application/json': { schema: shape, example: exampleOf(shape) } } }
    : { description }
}

/**
 * The refusals every operation of its kind can answer, as problem+json, stated so a REST
 * client knows them: bad input where it takes any, a missing token and a role that may not
 * where it is not public, an unknown thing where its path names one, a body over the limit.
 * What an operation states itself (a 409, a 422) comes on top.
 */
function refusals(op: OperationSpec, takesInput: boolean): Record<number, string> {
  const stated: Record<number, string> = {}
  if (takesInput || op.body || op.file)
    stated[400] = 'Invalid request: the problem’s `errors` name each field and what is wrong'
  if (op.access !== undefined && op.access !== 'public') {
    stated[401] = 'No valid access token'
    stated[403] = 'The token may not do this'
  }
  if (/\{\w+\}/.test(op.path)) stated[404] = 'There is no such thing (or it is not yours to see)'
  if (op.body || op.file) stated[413] = 'The body is over the size limit'
  if (op.file) stated[415] = 'The body is not a file of a type taken'
  return stated
}

/** A request body's schema, with an example of it. */
function body(schema: z.ZodType) {
  const shape = jsonSchema(schema, 'input')
  return { schema: shape, example: exampleOf(shape) }
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
