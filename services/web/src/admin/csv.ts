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
