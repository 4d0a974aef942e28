/** @jsxImportSource hono/jsx */
import { AppError } from '@shopfront/kit'
import type { Hono } from 'hono'
import type { Child } from 'hono/jsx'
import { FileField, PostForm } from '../layout/fields.tsx'
import { counted } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import type { WebContext, WebEnv } from '../session/session.ts'
import { renderAdmin } from './admin-layout.tsx'
import { problemAt, type Readable } from './csv.ts'

/**
 * An import page's form and what the last try found wrong (nothing was imported then):
 * the file field, `children` (more fields), and the file's columns with what each holds.
 */
export function ImportForm({
  action,
  problems,
  columns,
  children,
}: {
  action: string
  problems: string[]
  columns: Record<string, string>
  children?: Child
}) {
  return (
    <>
      {problems.length > 0 && (
        <div class="panel problems" role="alert" aria-labelledby="problems">
          <h2 id="problems">{`Nothing was imported: ${counted(problems.length, 'problem')}`}</h2>
          <ul>
            {problems.slice(0, 50).map((p) => (
              <li>{p}</li>
            ))}
          </ul>
          {problems.length > 50 && <p>…and {problems.length - 50} more.</p>}
        </div>
      )}
      <PostForm action={action} submit="Import" files>
        <FileField name="file" label="The CSV file" accept=".csv,text/csv" maxBytes={8 * 1024 * 1024} required />
        {children}
      </PostForm>
      <h2>The columns</h2>
      <Table
        caption="The file's columns"
        rows={Object.entries(columns)}
        columns={[
          { head: 'Column', cell: ([name]) => <code>{name}</code> },
          { head: 'What it holds', cell: ([, what]) => what },
        ]}
      />
    </>
  )
}

/** Problems in the order of the lines they name ("Line 3, …"); those of the whole file first. */
const byLine = (problems: string[]) => {
  const line = (p: string) => Number(/^Line (\d+),/.exec(p)?.[1] ?? 0)
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => line(a.p) - line(b.p) || a.i - b.i)
    .map(({ p }) => p)
}

/** The uploaded file's text, or undefined when none was chosen. */
export async function uploadedText(c: WebContext) {
  const file = (await c.req.formData()).get('file')
  return file instanceof File && file.size > 0 ? file.text() : undefined
}

/**
 * What a service's refusal of an import says, line by line: it names each thing by its
 * place in the list it was sent (`products.3.category`), the file's line two on. A 5xx (or
 * anything not a refusal) is thrown on to the error page.
 */
export function refusedLines(
  err: unknown,
  list: string,
  /** The file's row the list's nth item came from (when only some rows were sent). */
  rowOf = (n: number) => n,
): { problems: string[]; status: number } {
  if (!(err instanceof AppError) || err.status >= 500) throw err
  const listed = Array.isArray(err.extras.errors) ? (err.extras.errors as { path: string; message: string }[]) : []
  const problems = listed.map(({ path, message }) => {
    const [, index, column] = new RegExp(`^${list}\\.(\\d+)\\.(\\w+)`).exec(path) ?? []
    return index ? problemAt(rowOf(Number(index)), column ?? '', message) : message
  })
  return { problems: problems.length ? problems : [err.detail], status: err.status }
}

/**
 * An import from a CSV file at `action` (`/import` on `app`): its page, and the file sent:
 * read by `read` (what it finds wrong shown, nothing sent; with `check`, the lines that read
 * well are checked by the service too, so one round lists every problem by its line), sent
 * by `send` (a refusal told line by line: `list` is what the service calls the list), then
 * back to the page, whose notice says the outcome's counts (`said`; they travel in the
 * redirect's query).
 */
export function importRoutes<T, Counts extends Record<string, number>>(
  app: Hono<WebEnv>,
  options: {
    action: string
    title: string
    list: string
    intro: Child
    columns: Record<string, string>
    /** More fields of the form (an invitation asked for). */
    fields?: Child
    read: (text: string) => { items: T[] } | { problems: string[]; readable?: Readable<T>[] | undefined }
    send: (c: WebContext, items: T[]) => Promise<Counts>
    /** The service's check of items, writing nothing (a dry run): a refusal names what it finds wrong. */
    check?: (c: WebContext, items: T[]) => Promise<unknown>
    counts: (keyof Counts & string)[]
    said: (counts: Counts) => string
  },
) {
  const { action, title, list, intro, columns, fields, read, send, check, counts, said } = options
  /** What the service finds wrong in the lines that read well (nothing while it cannot say). */
  const checked = async (c: WebContext, readable: Readable<T>[] = []) => {
    if (!check || readable.length === 0) return []
    try {
      const items = readable.map((r) => r.item)
      await check(c, items)
      return []
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) return []
      return refusedLines(err, list, (n) => readable[n]?.index ?? n).problems
    }
  }
  const page = (c: WebContext, problems: string[] = [], status = 200) => {
    const values = counts.map((name) => c.req.query(name) ?? '')
    const done = values.every((v) => /^\d{1,7}$/.test(v))
    const outcome = Object.fromEntries(counts.map((name, i) => [name, Number(values[i])])) as Counts
    const notice = done ? { kind: 'ok' as const, text: said(outcome), fromQuery: counts } : undefined
    return renderAdmin(
      c,
      { title, notice },
      <>
        <h1>{title}</h1>
        {intro}
        <ImportForm action={action} problems={problems} columns={columns}>
          {fields}
        </ImportForm>
      </>,
      status,
    )
  }
  app.get('/import', (c) => page(c))
  app.post('/import', async (c) => {
    const text = await uploadedText(c)
    if (text === undefined) return page(c, ['Choose a CSV file to import.'], 400)
    const found = read(text)
    if ('problems' in found) return page(c, byLine([...found.problems, ...(await checked(c, found.readable))]), 400)
    try {
      const outcome = await send(c, found.items)
      const query = new URLSearchParams(counts.map((name) => [name, String(outcome[name])]))
      return c.redirect(`${action}?${query}`, 303)
    } catch (err) {
      const { problems, status } = refusedLines(err, list)
      return page(c, problems, status)
    }
  })
}
