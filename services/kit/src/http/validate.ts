import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError, type FieldError } from '../errors.ts'

/** zod issues as the `errors[]` of a validation problem. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }))
}

/** Parses anything against a schema, or throws a 400 validation problem naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
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
  const text = await c.req.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('validation', 'The body is not valid JSON.')
  }
  return parse(schema, body, 'body')
}

/** Validates the query string. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parse(schema, c.req.query(), 'query')
}
