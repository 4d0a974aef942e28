import { fromMajorUnits, toMajorUnits } from '@shopfront/kit'
import * as z from 'zod'
import { type Product, uploadedPictureUrl } from '../shop/schemas.ts'

/** A text area's lines, trimmed, the empty ones left out. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)

const dollars = z
  .string()
  .trim()
  .regex(/^\d{1,7}(\.\d{1,2})?$/, 'an amount like 12.50')
  .transform((v) => fromMajorUnits(v, 'USD'))

/**
 * Pictures: one address a line, an uploaded picture's or a web address, the first the one
 * lists show (none: the shop draws one). https only: the pages' Content-Security-Policy
 * shows no picture over plain http.
 */
const pictures = z
  .string()
  .max(20_000)
  .default('')
  .transform(lines)
  .pipe(
    z
      .array(
        z.union([z.url({ protocol: /^https$/ }), z.string().regex(uploadedPictureUrl)], {
          error: 'one address a line: an uploaded picture’s, or a web address starting with https://',
        }),
      )
      .max(10, 'at most 10 pictures'),
  )

/** `true` and `false` are yes or no, a plain number is a number, anything else text (as products keeps them). */
const attributeValue = (text: string): string | number | boolean =>
  text === 'true' || text === 'false' ? text === 'true' : /^-?\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) : text

/** Attributes: `name: value`, one a line (roast: medium); names of letters, digits, - and _. */
const attributes = z
  .string()
  .max(20_000)
  .default('')
  .transform((text, ctx) => {
    const found: Record<string, string | number | boolean> = {}
    for (const line of lines(text)) {
      const parts = /^([\w-]{1,50})\s*:\s*(.{1,200})$/.exec(line)
      if (!parts?.[1] || !parts[2]) {
        ctx.addIssue({ code: 'custom', message: `“${line.slice(0, 40)}” is not name: value (e.g. roast: medium)` })
        return z.NEVER
      }
      found[parts[1]] = attributeValue(parts[2])
    }
    if (Object.keys(found).length > 30) ctx.addIssue({ code: 'custom', message: 'at most 30 attributes' })
    return found
  })

/** A product's details as the back office's form sends them. */
export const productForm = z.object({
  name: z.string().trim().min(1, 'a name').max(200),
  description: z.string().max(5000).default(''),
  price: dollars,
  categoryId: z.union([z.literal(''), z.uuid()]).transform((v) => v || null),
  images: pictures,
  attributes,
  active: z.literal('1').optional(),
})

/** A new product's: its SKU and the units in stock too. */
export const newProductForm = productForm.extend({
  sku: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes, underscores'),
  stock: z.coerce.number('a whole number').int('a whole number').min(0, 'none or more').max(1_000_000),
})

/** The form's fields as a product fills them in. */
export const productValues = (product: Product): Record<string, string> => ({
  name: product.name,
  description: product.description,
  price: toMajorUnits(product.price),
  categoryId: product.category?.id ?? '',
  images: product.images.join('\n'),
  attributes: Object.entries(product.attributes)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n'),
  active: product.active ? '1' : '',
})

/** What products is sent: the price in USD, `active` as a flag. */
export const productChanges = ({ price, active, ...rest }: z.infer<typeof productForm>) => ({
  ...rest,
  price: { amount: price, currency: 'USD' },
  active: !!active,
})
