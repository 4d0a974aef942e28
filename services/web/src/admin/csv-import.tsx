/** @jsxImportSource hono/jsx */
import { AppError } from '@shopfront/kit'
import type { Child } from 'hono/jsx'
import { FileField, PostForm } from '../layout/fields.tsx'
import { counted } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import type { WebContext } from '../session/session.ts'
import { problemAt } from './csv.ts'

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
export function refusedLines(err: unknown, list: string): { problems: string[]; status: number } {
  if (!(err instanceof AppError) || err.status >= 500) throw err
  const listed = Array.isArray(err.extras.errors) ? (err.extras.errors as { path: string; message: string }[]) : []
  const problems = listed.map(({ path, message }) => {
    const [, index, column] = new RegExp(`^${list}\\.(\\d+)\\.(\\w+)`).exec(path) ?? []
    return index ? problemAt(Number(index), column ?? '', message) : message
  })
  return { problems: problems.length ? problems : [err.detail], status: err.status }
}
