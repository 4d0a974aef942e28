import { expect, it } from 'vitest'
import { csvCell, csvFile, readCsv } from './csv.ts'

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

it('When a spreadsheet’s CSV is read, then quoted cells, doubled quotes, line breaks, either separator and cells kept as text come back as written', () => {
  const written = csvFile([
    ['sku', 'name', 'description'],
    ['A-1', 'Doe, Ann', 'the "good" mug\nsecond line'],
    ['B-2', '=HYPERLINK("x")', ''],
  ])
  expect(readCsv(`\uFEFF${written}`)).toEqual([
    ['sku', 'name', 'description'],
    ['A-1', 'Doe, Ann', 'the "good" mug\nsecond line'],
    ['B-2', '=HYPERLINK("x")', ''],
  ])
  // LF only, blank lines, semicolons (a spreadsheet whose decimals are commas)
  expect(readCsv('sku;price\n\nA-1;"12,50"\n')).toEqual([
    ['sku', 'price'],
    ['A-1', '12,50'],
  ])
  expect(readCsv('sku,name\nA-1,"never closed\n')).toBeUndefined()
  expect(readCsv('')).toEqual([])
})
