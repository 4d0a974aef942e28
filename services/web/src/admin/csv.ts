import * as z from 'zod'

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break; a text a
 * spreadsheet would run as a formula (=, +, -, @ first) is kept as text with a leading '.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A CSV file: a line of cells each (CRLF, as RFC 4180 has it), the first the header. */
export const csvFile = (rows: (string | number | null | undefined)[][]) =>
  rows.map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('')

/** The headers that send a CSV file to be saved as `filename` (UTF-8, as `csvFile` writes it). */
export const csvAttachment = (filename: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${filename}"`,
})

/**
 * A CSV file's rows of cells (RFC 4180, as spreadsheets save it): commas or semicolons
 * (whichever the header line has more of, as a spreadsheet set to a comma decimal saves
 * it), quoted cells with their quotes doubled and line breaks kept, CRLF or LF, a UTF-8 BOM
 * left out, blank lines skipped. A cell `csvCell` kept as text ('=…) comes back as it was.
 * Undefined when a quote is never closed.
 */
export function readCsv(text: string): string[][] | undefined {
  const body = text.replace(/^\uFEFF/, '')
  const header = body.slice(0, body.search(/\r?\n|$/))
  const comma = (header.match(/,/g) ?? []).length >= (header.match(/;/g) ?? []).length ? ',' : ';'
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell)
    cell = ''
  }
  const endRow = () => {
    endCell()
    if (row.some((c) => c !== '')) rows.push(row)
    row = []
  }
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch !== '"') cell += ch
      else if (body[i + 1] === '"') {
        cell += '"'
        i++
      } else quoted = false
    } else if (ch === '"') quoted = true
    else if (ch === comma) endCell()
    else if (ch === '\n') endRow()
    else if (ch !== '\r') cell += ch
  }
  if (quoted) return undefined
  endRow()
  return rows
}

/** A yes-or-no cell (yes, no, true, false, 1, 0, in any case); an empty one says nothing. */
export const yesOrNo = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx) => {
    if (v === '') return undefined
    if (['yes', 'true', '1'].includes(v)) return true
    if (['no', 'false', '0'].includes(v)) return false
    ctx.addIssue({ code: 'custom', message: 'yes or no' })
    return z.NEVER
  })

/** A line of a file and what is wrong on it (the header is line 1, the first row line 2). */
/** A line of a file that reads well, and its place among the file's rows (0: the line under the header). */
export type Readable<T> = { index: number; item: T }

export const problemAt = (index: number, column: string, message: string) => `Line ${index + 2}, ${column}: ${message}`

/**
 * A CSV file of things to import (a header line, then one a line) read with `row`, or the
 * problems that stop it, each naming its line and column: a quote never closed, a column
 * unknown or missing, no rows or more than `most`. Headers are matched whatever their case.
 * A row holds only the file's columns (and only cells `row` makes something of), so a
 * column left out of the file is left as it is. With the problems of some lines come the
 * lines that read well (`readable`, each with its place among the file's rows), for the
 * service to check in the same round.
 */
export function readTable<S extends z.ZodType<Record<string, unknown>>>(
  text: string,
  {
    columns: known,
    required,
    most,
    noun,
    row,
  }: {
    columns: readonly string[]
    required: readonly string[]
    most: number
    /** What one line is, for the problems (`product`). */
    noun: string
    row: S
  },
): { items: Partial<z.infer<S>>[] } | { problems: string[]; readable?: Readable<Partial<z.infer<S>>>[] } {
  const rows = readCsv(text)
  if (!rows) return { problems: ['A quoted cell is never closed: the file is cut short, or not a CSV file.'] }
  const [header = [], ...lines] = rows
  const columns = header.map((name) => name.trim().toLowerCase())
  const problems = [
    ...columns
      .filter((name) => !known.includes(name))
      .map((name) => `Unknown column “${name}”: the columns are ${known.join(', ')}.`),
    ...required.filter((name) => !columns.includes(name)).map((name) => `The column “${name}” is missing.`),
  ]
  if (lines.length === 0) problems.push(`The file has no ${noun}s under its header line.`)
  if (lines.length > most) problems.push(`${lines.length} ${noun}s: at most ${most} at once.`)
  if (problems.length) return { problems }

  const readable: Readable<Partial<z.infer<S>>>[] = []
  lines.forEach((cells, index) => {
    const parsed = row.safeParse(Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ''])))
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(problemAt(index, String(issue.path[0]), issue.message))
      return
    }
    const given = Object.entries(parsed.data).filter(([name, value]) => columns.includes(name) && value !== undefined)
    readable.push({ index, item: Object.fromEntries(given) as Partial<z.infer<S>> })
  })
  return problems.length ? { problems, readable } : { items: readable.map((r) => r.item) }
}
