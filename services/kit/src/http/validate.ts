import type { Context } from 'hono'
import * as z from 'zod'
import { AppError, type FieldError } from '../errors.ts'

/** zod issues as the `errors[]` of a validation problem. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }))
}

/** The longest text a query parameter may carry; past it, nothing a service asks for fits. */
export const maxQueryValueLength = 1000

// NUL (which PostgreSQL cannot store or search for) and a UTF-16 surrogate without its pair
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const badText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The first string inside `value` that no service can take (NUL, a lone surrogate), as an error for its path. */
function badString(value: unknown, path: string[] = [], depth = 0): FieldError | undefined {
  if (typeof value === 'string')
    return badText.test(value)
      ? { path: path.join('.') || '(root)', message: 'contains a NUL character or invalid text' }
      : undefined
  if (!value || typeof value !== 'object' || depth > 32) return undefined
  for (const [key, item] of Object.entries(value)) {
    const found = badString(item, [...path, key], depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Parses anything against a schema, or throws a 400 validation problem naming each bad
 * field. Every string in the value is checked first: text with NUL or a lone surrogate is
 * a 400 here, once for every service, rather than a database error later.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const bad = badString(value)
  if (bad) throw new AppError('validation', `Invalid ${what}.`, { errors: [bad] })
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError('validation', `Invalid ${what}.`, { errors: fieldErrors(result.error) })
  return result.data
}

/**
 * Reads and validates a JSON body: a wrong content type is 415, malformed JSON 400.
 *
 * @example
 *   const body = await readJson(c, z.object({ name: z.string().min(1) }))
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as application/json.')
  }
  let body: unknown
  try {
    body = JSON.parse(strictUtf8.decode(await c.req.arrayBuffer()))
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(
      'validation',
      err instanceof SyntaxError ? 'The body is not valid JSON.' : 'The body is not valid UTF-8.',
    )
  }
  return parse(schema, body, 'body')
}

/** A JSON body as `readJson` reads it where one is sent; undefined for an empty body (an optional one). */
export async function readJsonIfAny<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | undefined> {
  // Hono keeps the body it read, so readJson reads it again from there
  return (await c.req.arrayBuffer()).byteLength === 0 ? undefined : readJson(c, schema)
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Validates the query string. Before the schema: every value must be valid UTF-8 once
 * decoded (a lenient decoder would hand the escapes over as they are) and at most
 * `maxQueryValueLength` characters.
 */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const url = c.req.url
  const start = url.indexOf('?')
  if (start >= 0) {
    for (const pair of url.slice(start + 1).split('&')) {
      const [name = '', value = ''] = pair.split(/=(.*)/s)
      let decoded: string
      try {
        decoded = decodeURIComponent(value.replaceAll('+', ' '))
      } catch {
        throw new AppError('validation', 'Invalid query.', {
          errors: [{ path: safeName(name), message: 'is not valid UTF-8 once decoded' }],
        })
      }
      if (decoded.length > maxQueryValueLength) {
        throw new AppError('validation', 'Invalid query.', {
          errors: [{ path: safeName(name), message: `is longer than ${maxQueryValueLength} characters` }],
        })
      }
    }
  }
  return parse(schema, c.req.query(), 'query')
}

/** A query parameter's name, fit to echo back in an error. */
function safeName(name: string): string {
  try {
    return (
      decodeURIComponent(name)
        .replace(/[^\w.-]/g, '?')
        .slice(0, 50) || '(unnamed)'
    )
  } catch {
    return '(unnamed)'
  }
}

/** The deepest page any list serves: past it, an offset only costs the database. */
export const maxPage = 100_000

/**
 * `page` and `limit` as every list of the platform takes them (API.md: `page` from 1,
 * `limit` at most 100): numbers past these bounds, negative or not whole are a 400.
 *
 * @example
 *   const query = z.object({ q: z.string().max(200).optional(), ...paging() })
 */
export function paging({ defaultLimit = 20, maxLimit = 100 } = {}) {
  return {
    page: z.coerce.number().int().min(1).max(maxPage).default(1),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  }
}

/**
 * A yes-or-no query parameter: `true` or `false` (anything else a 400), read as a boolean.
 *
 * @example
 *   const query = z.object({ inStock: queryFlag.optional() })
 */
export const queryFlag = z.enum(['true', 'false']).transform((v) => v === 'true')

/**
 * The query of a list that takes nothing but its page: `page` and `limit`, anything else a 400.
 *
 * @example
 *   app.get('/', (c) => { const { page, limit } = readQuery(c, pageQuery()); ... })
 */
export function pageQuery(options: Parameters<typeof paging>[0] = {}) {
  return z.object(paging(options)).strict()
}

/**
 * A page of a list as every service answers one (API.md): `{ items, total, page, limit }`.
 *
 * @example
 *   export const ticketPage = pageOf(ticket)
 */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), limit: z.number().int() })

/**
 * A list's check that its items differ in `field` (an import's SKUs, its e-mails): each
 * repeat is an issue at its own place naming the first, so a repeat is the client's 400,
 * never a clash in the database.
 *
 * @example
 *   z.array(product).max(1000).superRefine(distinct('sku', 'SKU', 'product'))
 */
export const distinct =
  <F extends string>(field: F, label: string, noun: string) =>
  (items: Record<F, unknown>[], ctx: z.RefinementCtx) => {
    const first = new Map<unknown, number>()
    items.forEach((item, i) => {
      const seen = first.get(item[field])
      if (seen === undefined) first.set(item[field], i)
      else ctx.addIssue({ code: 'custom', path: [i, field], message: `the same ${label} as ${noun} ${seen + 1}` })
    })
  }

/**
 * A PATCH body: any of the fields of `shape`, nothing else, and at least one (`atLeast`
 * says so when none is). Give the fields without defaults: zod's `partial()` keeps a
 * default, and a PATCH must change only what it sends.
 *
 * @example
 *   export const updateCategoryBody = changesOf({ slug, name, parentId })
 */
export const changesOf = <S extends z.ZodRawShape>(shape: S, atLeast = 'send at least one field to change') =>
  z
    .object(shape)
    .partial()
    .strict()
    .refine((b) => Object.keys(b).length > 0, atLeast)
