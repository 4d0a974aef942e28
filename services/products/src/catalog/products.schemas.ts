import * as z from 'zod'
import { changesOf, currencyCode, distinct, moneySchema, paging, queryFlag } from '@shopfront/kit'
import { uploadedPictureUrl } from '../contract.ts'

/** A price: the kit's money, in USD unless it says otherwise. */
export const money = moneySchema().extend({ currency: currencyCode.default('USD') })

const attributeValue = z.union([z.string().max(200), z.number(), z.boolean()])

/** The changeable fields, without defaults: a PATCH must change only what it sends (zod's partial() keeps inner defaults). */
const productFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  price: money,
  /** Pictures: web addresses, or pictures uploaded here (`/api/products/images/<sha-256>.webp`). */
  images: z
    .array(
      z.union([z.url({ protocol: /^https?$/ }), z.string().regex(uploadedPictureUrl)], {
        error: 'a web address (https://…) or an uploaded picture’s (/api/products/images/….webp)',
      }),
    )
    .max(10),
  attributes: z
    .record(z.string().regex(/^[\w-]{1,50}$/, 'attribute names are letters, digits, - and _'), attributeValue)
    .refine((a) => Object.keys(a).length <= 30, 'at most 30 attributes'),
  categoryId: z.uuid().nullable(),
  active: z.boolean(),
}

export const createProductBody = z
  .object({
    sku: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes and underscores, at most 64'),
    ...productFields,
    description: productFields.description.default(''),
    images: productFields.images.default([]),
    attributes: productFields.attributes.default({}),
    categoryId: productFields.categoryId.default(null),
    active: productFields.active.default(true),
    /** Units on hand at creation (recorded as the first stock movement). */
    stock: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()

/**
 * POST /api/products/import: up to 1000 products at once, each by its SKU (new ones made,
 * known ones changed), all or none. A product's category is named by its slug; `stock` is
 * the units on hand it should have (the difference recorded as a stock movement). A field
 * left out of a known product is left as it was.
 */
/** POST /api/products/import?dryRun=true: every check an import makes, and nothing written. */
export const importQuery = z
  .object({
    dryRun: queryFlag.optional(),
  })
  .strict()

export const importBody = z
  .object({
    products: z
      .array(
        z
          .object({
            sku: createProductBody.shape.sku,
            name: productFields.name,
            price: productFields.price,
            description: productFields.description.optional(),
            images: productFields.images.optional(),
            attributes: productFields.attributes.optional(),
            /** Its category's slug; null: none. */
            category: z.string().trim().min(1).max(100).nullable().optional(),
            active: productFields.active.optional(),
            stock: createProductBody.shape.stock.unwrap().optional(),
          })
          .strict(),
      )
      .min(1, 'at least one product')
      .max(1000, 'at most 1000 products at once')
      .superRefine(distinct('sku', 'SKU', 'product')),
  })
  .strict()

export const updateProductBody = changesOf(productFields)

export const stockBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, 'a change of 0 changes nothing'),
    reason: z.string().trim().min(1).max(200),
  })
  .strict()

export const sorts = ['relevance', 'price_asc', 'price_desc', 'newest'] as const

const known = new Set([
  'q',
  'category',
  'minPrice',
  'maxPrice',
  'inStock',
  'sort',
  'page',
  'limit',
  'includeInactive',
  'facets',
  'maxAvailable',
  'active',
])

/** The search query string; `attr.<name>=<value>` filters on an attribute. Unknown parameters are refused, so a typo is not silently ignored. */
export const searchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: z.string().trim().min(1).max(100).optional(),
    minPrice: z.coerce.number().int().min(0).optional(),
    maxPrice: z.coerce.number().int().min(0).optional(),
    inStock: queryFlag.optional(),
    includeInactive: queryFlag.optional(),
    /** Admins: only active (true) or only inactive (false) products. */
    active: queryFlag.optional(),
    sort: z.enum(sorts).optional(),
    /** At most this many available (on hand - reserved): low stock, e.g. maxAvailable=5. */
    maxAvailable: z.coerce.number().int().min(0).max(1_000_000).optional(),
    /** true: the answer also counts the matches per category, price band and availability. */
    facets: queryFlag.optional(),
    ...paging(),
  })
  .catchall(z.string().max(200))
  .superRefine((query, ctx) => {
    for (const key of Object.keys(query)) {
      if (!known.has(key) && !/^attr\.[\w-]{1,50}$/.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'unknown parameter' })
    }
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      ctx.addIssue({ code: 'custom', path: ['minPrice'], message: 'minPrice is above maxPrice' })
    }
  })

export type CreateProduct = z.infer<typeof createProductBody>
export type UpdateProduct = z.infer<typeof updateProductBody>
export type ImportedProduct = z.infer<typeof importBody>['products'][number]
export type SearchQuery = z.infer<typeof searchQuery>

/** Suggestions while typing: products whose words start with the words typed so far. */
export const suggestQuery = z
  .object({
    q: z.string().trim().min(1).max(100),
    limit: z.coerce.number().int().min(1).max(10).default(8),
  })
  .strict()
