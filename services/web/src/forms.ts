import { AppError } from '@shopfront/kit'
import * as z from 'zod'
import type { LayoutProps } from './layout/layout.tsx'
import type { WebContext } from './session/session.ts'

/** What a form's page shows: the values sent, a message beside each field, a notice above it, and the answer's status. */
export interface FormState {
  values: Record<string, string>
  errors: Record<string, string>
  notice?: LayoutProps['notice']
  status: number
}

/** A form as first shown: these values, nothing wrong yet. */
export const freshForm = (values: Record<string, string> = {}, notice?: LayoutProps['notice']): FormState => ({
  values,
  errors: {},
  notice,
  status: 200,
})

/** Whether the request's body is an HTML form's (urlencoded or multipart). */
export function isForm(c: WebContext): boolean {
  const type = c.req.header('content-type') ?? ''
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
}

/** A form's fields as strings (repeated names: the last), without the CSRF token. */
async function formFields(c: WebContext): Promise<Record<string, string>> {
  if (!isForm(c)) throw new AppError('validation', 'Send this form from the shop’s page.')
  const body = await c.req.parseBody()
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body))
    if (name !== '_csrf' && typeof value === 'string') fields[name] = value
  return fields
}

/**
 * A form checked against its schema: `{ data }`, or `{ errors }` (one message per field,
 * to show beside it) with the `values` sent, so the page can be shown again as it was.
 */
export async function checkForm<S extends z.ZodType>(c: WebContext, schema: S) {
  return checkValues(schema, await formFields(c))
}

/** `checkForm` of values already read (and perhaps added to: `submitForm`'s `prepare`). */
function checkValues<S extends z.ZodType>(
  schema: S,
  values: Record<string, string>,
):
  | { data: z.infer<S>; errors?: undefined; values: Record<string, string> }
  | { data?: undefined; errors: Record<string, string>; values: Record<string, string> } {
  const parsed = schema.safeParse(values)
  if (parsed.success) return { data: parsed.data, values }
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  return { errors, values }
}

/** A form of hidden fields and buttons (no one types in it): anything wrong is a 400 page. */
export async function readForm<S extends z.ZodType>(c: WebContext, schema: S): Promise<z.infer<S>> {
  const checked = await checkForm(c, schema)
  if (checked.errors) throw new AppError('validation', 'This form was not sent as the shop’s page makes it.')
  return checked.data
}

/** An e-mail field, normalized as the users service does (' Ann@Example.com ' is ann@example.com). */
export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('an e-mail address like ann@example.com'))

/** A six-digit code from an e-mail, as typed (spaces around it forgiven). */
export const codeField = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'the six digits from the e-mail')

/** A phone number as users takes it (digits, spaces, ( ) and -, a + first), or nothing. */
export const phoneField = z
  .string()
  .trim()
  .regex(/^(\+?[0-9 ()-]{6,20})?$/, 'a phone number, e.g. +1 555 0100')

/** A country as its two-letter code (us is US), or nothing. */
export const countryField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z]{2})?$/, 'a two-letter country code, e.g. US')

/**
 * An address is all of its required parts or none (a line without a city is no address to
 * ship to): each part missing beside the others is named. `parts`: field name to value.
 */
export function wholeAddress(parts: Record<string, string | undefined>, ctx: z.RefinementCtx) {
  const values = Object.values(parts)
  if (values.some(Boolean) && !values.every(Boolean))
    for (const [key, value] of Object.entries(parts))
      if (!value) ctx.addIssue({ code: 'custom', path: [key], message: 'needed for an address' })
}

/** The field errors a service gave (`errors: [{path, message}]`), by field name. */
export function fieldErrors(err: AppError): Record<string, string> {
  const list = Array.isArray(err.extras.errors) ? (err.extras.errors as { path?: string; message?: string }[]) : []
  const errors: Record<string, string> = {}
  for (const e of list) if (e.path) errors[e.path.split('.')[0] ?? e.path] ??= e.message ?? 'invalid'
  return errors
}

/**
 * The notice a page shows after a redirect said what was done (`?saved=1`): the text of the
 * first flag set, or none.
 */
export function noticeFrom(c: WebContext, notices: Record<string, string>): LayoutProps['notice'] {
  const said = Object.keys(notices).find((flag) => c.req.query(flag) === '1')
  return said ? { kind: 'ok', text: notices[said] ?? '', fromQuery: [said] } : undefined
}

/**
 * The notice a page shows after a redirect said which action was done (`?done=shipped`):
 * the outcome's text, or none (an edited link shows nothing).
 */
export function doneNotice(c: WebContext, outcomes: Record<string, string>): LayoutProps['notice'] {
  const done = c.req.query('done') ?? ''
  // own keys only: `?done=constructor` is not an outcome
  return Object.hasOwn(outcomes, done) ? { kind: 'ok', text: outcomes[done] ?? '', fromQuery: ['done'] } : undefined
}

/** A search's words from the URL (none when they cannot be read: an edited link is still a page). */
export const searchParam = z.string().trim().max(200).optional().catch(undefined)

/** A category's slug from the URL (none when it is not one). */
export const slugParam = z
  .string()
  .regex(/^[\w-]{1,100}$/)
  .optional()
  .catch(undefined)

/** A list's page number from the URL: 1 to 1,000, and 1 for anything else (an edited link is still a page). */
export const pageParam = z.coerce.number().int().min(1).max(1000).catch(1).default(1)

/** A list's filters as URL parameters, for its pager and links: those set, without the page. */
export const filtersOf = (query: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => entry[0] !== 'page' && !!entry[1]),
  )

/** The links to a list's pages: its path with its filters (`filtersOf`) and the page. */
export const pageLinks =
  (path: string, filters: Record<string, string> = {}) =>
  (page: number) =>
    `${path}?${new URLSearchParams({ ...filters, page: String(page) })}`

/** The page number a list page was asked for (`?page=`). */
export const pageNumber = (c: WebContext) => pageParam.parse(c.req.query('page'))

/**
 * A service's refusal of what a form asked (a 4xx) as the page shows it, with its status:
 * the fields it names and its sentence above them; or, given `field`, its whole sentence
 * beside the first field it names (else beside `field`). Anything else (the service down,
 * a bug) is thrown on to the error page.
 */
export function refusalOf(err: unknown, field?: string): Omit<FormState, 'values'> {
  if (!(err instanceof AppError) || err.status >= 500) throw err
  const errors = fieldErrors(err)
  if (!field) return { errors, notice: { kind: 'alert', text: err.detail }, status: err.status }
  const [named = field] = Object.keys(errors)
  return { errors: { [named]: err.detail }, status: err.status }
}

/** A form's fields after `submitForm`'s `prepare`: what to check, or what to show again with its refusal. */
export interface Prepared {
  values: Record<string, string>
  refused?: Omit<FormState, 'values'>
}

/**
 * A form's POST: checked against its schema, then `act` (which answers, mostly with a
 * redirect). What is wrong shows the form's page (`show(c, form)`) again as it was sent,
 * with the fields' errors (400) or the service's refusal (its status, see `refusalOf`).
 *
 * @example
 *   app.post('/', (c) => submitForm(c, promotionForm, newPage, async (data) => {
 *     const created = await staff.createPromotion(staffToken(c), data)
 *     return c.redirect(`/admin/promotions/${created.id}`, 303)
 *   }))
 */
export async function submitForm<S extends z.ZodType>(
  c: WebContext,
  schema: S,
  show: (c: WebContext, form: FormState) => Response | Promise<Response>,
  act: (data: z.infer<S>, values: Record<string, string>) => Promise<Response>,
  options: {
    /** The field beside which the service's refusal is said (see `refusalOf`). */
    field?: string
    /** Work on the fields before they are checked (an upload adds its pictures' addresses), or a refusal to show with them. */
    prepare?: (values: Record<string, string>) => Promise<Prepared>
  } = {},
): Promise<Response> {
  const sent = await formFields(c)
  const prepared = options.prepare ? await options.prepare(sent) : { values: sent }
  if (prepared.refused) return show(c, { values: prepared.values, ...prepared.refused })
  const form = checkValues(schema, prepared.values)
  if (form.errors) return show(c, { values: form.values, errors: form.errors, status: 400 })
  try {
    return await act(form.data, form.values)
  } catch (err) {
    return show(c, { values: form.values, ...refusalOf(err, options.field) })
  }
}
