import { expect, it } from 'vitest'
import { csvCell } from './orders-csv.ts'

it('When a cell holds a comma, a quote, a line break or what a spreadsheet would run as a formula, then it is quoted or kept as text', () => {
  expect(csvCell('Ann')).toBe('Ann')
  expect(csvCell('Doe, Ann')).toBe('"Doe, Ann"')
  expect(csvCell('the "good" mug')).toBe('"the ""good"" mug"')
  expect(csvCell('1 Elm St\nFlat 2')).toBe('"1 Elm St\nFlat 2"')
  expect(csvCell('=HYPERLINK("http://evil.example")')).toBe(`"'=HYPERLINK(""http://evil.example"")"`)
  for (const risky of ['+1 555', '-2', '@SUM(A1)']) expect(csvCell(risky)).toBe(`'${risky}`)
  expect(csvCell(3)).toBe('3')
  expect(csvCell(null)).toBe('')
  expect(csvCell(undefined)).toBe('')
})
