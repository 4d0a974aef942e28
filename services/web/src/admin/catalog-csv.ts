import { toMajorUnits } from '@shopfront/kit'
import * as z from 'zod'
import type { Product } from '../shop/schemas.ts'
import { csvFile, type Readable, readTable, yesOrNo } from './csv.ts'
import { newProductForm } from './product-form.ts'
import type { ImportedProduct } from './staff.ts'

/** The catalog file's columns, as the export writes them and the import reads them. */
export const catalogColumns = [
  'sku',
  'name',
  'description',
  'price',
  'category',
  'stock',
  'active',
  'images',
  'attributes',
] as const
type Column = (typeof catalogColumns)[number]
const required: Column[] = ['sku', 'name', 'price']
/** The most products one file imports (what products takes at once). */
export const maxImported = 1000

/** The catalog as a CSV file the import reads back: prices in dollars, pictures and attributes one a line. */
export const catalogCsv = (products: Product[]) =>
  csvFile([
    [...catalogColumns],
    ...products.map((p) => [
      p.sku,
      p.name,
      p.description,
      toMajorUnits(p.price),
      p.category?.slug ?? '',
      p.stock.onHand,
      p.active ? 'yes' : 'no',
      p.images.join('\n'),
      Object.entries(p.attributes)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
    ]),
  ])

const fields = newProductForm.shape
const optionalWhole = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return undefined
    if (!/^\d{1,7}$/.test(v)) ctx.addIssue({ code: 'custom', message: 'a whole number of units, or nothing' })
    return Number(v)
  })
/** A file's line as products takes it: each column's cell checked as the product form checks its field. */
const row = z.object({
  sku: fields.sku,
  name: fields.name,
  // 12,50 as a spreadsheet with comma decimals writes it (and its file then has semicolons)
  price: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2') : v),
    fields.price,
  ),
  description: fields.description.optional(),
  category: z
    .string()
    .trim()
    .regex(/^([\w-]{1,100})?$/, 'a category’s slug (coffee, tea-ware), or nothing')
    .transform((v) => v || null)
    .optional(),
  stock: optionalWhole.optional(),
  active: yesOrNo.optional(),
  // one a line, or separated by spaces (as a spreadsheet cell may keep them)
  images: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '\n') : v), fields.images).optional(),
  attributes: fields.attributes.optional(),
})

/**
 * A catalog file read into products to import, or the problems that stop it (each naming
 * its line and column; nothing is sent while one is left). A column the file leaves out
 * is left as it was on a product the shop knows; `sku`, `name` and `price` are required.
 */
export function importRows(
  text: string,
): { items: ImportedProduct[] } | { problems: string[]; readable?: Readable<ImportedProduct>[] } {
  const read = readTable(text, { columns: catalogColumns, required, most: maxImported, noun: 'product', row })
  // required columns: always there
  const product = ({ price = 0, sku = '', name = '', ...rest }: Partial<z.infer<typeof row>>) => ({
    sku,
    name,
    ...rest,
    price: { amount: price, currency: 'USD' },
  })
  if ('problems' in read)
    return { problems: read.problems, readable: read.readable?.map((r) => ({ index: r.index, item: product(r.item) })) }
  return { items: read.items.map(product) }
}
