import { AppError, pageOf } from '@shopfront/kit'
import * as z from 'zod'

/**
 * What other services may rely on in products' answers: the stable `code` of a refused
 * reservation (sent in the problem+json beside the human `detail`). Consumers branch on
 * these codes, never on the text.
 *
 * @example
 *   if (err.extras.code === reservationCodes.noLongerSold) ...
 */
export const reservationCodes = {
  /** A line's product was deactivated: it cannot be bought at all. */
  noLongerSold: 'no_longer_sold',
  /**
   * Not enough available for a line (`requested`, `available` say how many; `held`, how many
   * more are held by checkouts still under way, which come back if those do not finish).
   */
  outOfStock: 'out_of_stock',
  /** A line names no product. */
  noSuchProduct: 'no_such_product',
} as const

export type ReservationCode = (typeof reservationCodes)[keyof typeof reservationCodes]

/** The facts beside a refusal's `code`: the line's product and, out of stock, the counts. */
export const refusedLine = z.object({
  productId: z.string(),
  requested: z.number().int().optional(),
  available: z.number().int().optional(),
  held: z.number().int().optional(),
})
export type RefusedLine = z.infer<typeof refusedLine>

/**
 * The refusal of a reservation line that cannot be had, as products answers it: no such
 * product (422), no longer sold, or not enough available (409), each with its code and
 * facts. Products' reservations refuse with it, and so do the fakes of products (sales'
 * tests), so the two cannot say it differently.
 */
export function reservationRefusal(
  line: { productId: string; quantity: number },
  product: { name: string; sku: string; active: boolean; available: number; held: number } | undefined,
): AppError {
  const { productId, quantity } = line
  if (!product)
    return new AppError('unprocessable', `No product ${productId}.`, {
      code: reservationCodes.noSuchProduct,
      productId,
    })
  const { name, sku, available, held } = product
  if (!product.active)
    return new AppError('conflict', `${name} (${sku}) is no longer sold.`, {
      code: reservationCodes.noLongerSold,
      productId,
      available: 0,
    })
  // units held by other checkouts come back when those fail or time out: worth a second try
  const comeBack =
    held > 0 && quantity <= available + held
      ? ` ${held} more ${held === 1 ? 'is' : 'are'} held by checkouts under way and may come back in a few minutes.`
      : ''
  return new AppError(
    'conflict',
    `Not enough ${name} (${sku}): ${quantity} wanted, ${available} available.${comeBack}`,
    { code: reservationCodes.outOfStock, productId, requested: quantity, available, held },
  )
}

/**
 * What products answers for its products and categories: its OpenAPI document states these,
 * and its clients (the web app) read the answers with them, so neither can drift from the other.
 */
const money = z.object({ amount: z.number().int(), currency: z.string() })
export const product = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  price: money,
  images: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  category: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
  active: z.boolean(),
  stock: z.object({ onHand: z.number().int(), reserved: z.number().int() }),
  available: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Product = z.infer<typeof product>

export const category = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  productCount: z.number().int(),
})
export type Category = z.infer<typeof category>
export const categoryPage = pageOf(category)

/** One change of a product's stock on hand: by whom, why, what was on hand after; an order's (sold, returned) names it. */
export const stockMovement = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  reason: z.string(),
  actor: z.string(),
  orderId: z.string().nullable(),
  onHandAfter: z.number().int(),
  at: z.string(),
})
export type StockMovement = z.infer<typeof stockMovement>
export const stockMovementPage = pageOf(stockMovement)

/**
 * "Tell me when it is back" (`/api/stock-alerts`): a product sold out the shopper waits for,
 * and since when. They are e-mailed once it can be bought again, and the alert ends.
 */
export const stockAlert = z.object({
  productId: z.uuid(),
  name: z.string(),
  /** false: the shop no longer sells it; the alert stays, and is sent if it is sold (and in stock) again. */
  active: z.boolean(),
  since: z.string(),
})
export type StockAlert = z.infer<typeof stockAlert>
export const stockAlertPage = pageOf(stockAlert)

/** How many shoppers wait for a product (`GET /api/stock-alerts/demand/:productId`, for staff), and since when the first did. */
export const waitingShoppers = z.object({ waiting: z.number().int(), since: z.string().nullable() })
export type WaitingShoppers = z.infer<typeof waitingShoppers>

/** The products most waited for (`GET /api/stock-alerts/demand`, for staff): most shoppers first. */
export const alertDemand = z.object({
  items: z.array(z.object({ productId: z.uuid(), name: z.string(), waiting: z.number().int(), since: z.string() })),
})
export type AlertDemand = z.infer<typeof alertDemand>

/** The refusal of an alert for a product that can be bought now (a 409 with `available`): buy it instead. */
export const alertCodes = { inStock: 'in_stock' } as const

/** A product's picture in an e-mail: the shop's PNG of it, by SKU (mail clients show no SVG, and not every one WebP). */
export const mailPictureOf = (sku: string, shopUrl: string) =>
  `${shopUrl}/images/products/${encodeURIComponent(sku)}.png`

/** An order being placed that holds some of a product (reserved, not yet paid or released). */
export const liveReservation = z.object({
  orderId: z.string(),
  quantity: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
})
export type LiveReservation = z.infer<typeof liveReservation>
export const liveReservations = z.object({ items: z.array(liveReservation) })

/**
 * The price bands a search counts (`facets=true`), in minor units, both ends included; the
 * last has no top. A client filters on one with `minPrice` and `maxPrice` set to its ends.
 */
export const priceBands = [
  { min: 0, max: 999 },
  { min: 1000, max: 2499 },
  { min: 2500, max: 4999 },
  { min: 5000, max: 9999 },
  { min: 10000, max: null },
] as const

/**
 * How many products of a search fall in each choice of each filter. Each facet is counted
 * with every other filter of the search applied but its own, so a count says how many
 * products choosing that value instead would show (the usual shop sidebar).
 */
export const facets = z.object({
  /** Categories with matches (a category counts the products of its subcategories too), by name. */
  categories: z.array(z.object({ slug: z.string(), name: z.string(), count: z.number().int() })),
  priceBands: z.array(z.object({ min: z.number().int(), max: z.number().int().nullable(), count: z.number().int() })),
  /** Matches with stock available now. */
  inStock: z.number().int(),
})
export type Facets = z.infer<typeof facets>

/**
 * A search's answer: a page of products, with the facets when asked for; when the words
 * typed found nothing, `didYouMean` is the search a typo probably meant ("cofee" -> "coffee")
 * if that one finds something.
 */
export const productPage = pageOf(product).extend({ facets: facets.optional(), didYouMean: z.string().optional() })
export type ProductPage = z.infer<typeof productPage>

/** Names to suggest while a shopper types a search (`GET /api/products/suggestions`). */
export const suggestions = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) })
export type Suggestions = z.infer<typeof suggestions>

/** What an import did (`POST /api/products/import`): how many products it made, and how many it changed. */
export const importResult = z.object({ created: z.number().int(), updated: z.number().int() })
export type ImportResult = z.infer<typeof importResult>

/**
 * A picture uploaded to products (`POST /api/products/images`): where the shop serves it,
 * large (at most 1600 pixels a side), medium (800, for phones) and small (480, for lists),
 * and its size. A product names it in `images` by `url`.
 */
export const uploadedPicture = z.object({
  url: z.string(),
  mediumUrl: z.string(),
  smallUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
})
export type UploadedPicture = z.infer<typeof uploadedPicture>

/** Where products serves its uploaded pictures. */
export const picturesPath = '/api/products/images'

/** An uploaded picture's address, by its id (the large picture's SHA-256). */
export const pictureUrl = (id: string) => `${picturesPath}/${id}.webp`

/** An uploaded picture's address (`/api/products/images/<sha-256>.webp`), and its id in group 1. */
export const uploadedPictureUrl = /^\/api\/products\/images\/([0-9a-f]{64})\.webp$/

/** A smaller version of a product's picture: an uploaded one's `-medium.webp` or `-small.webp`; any other address as it is. */
const sizedPictureOf = (size: 'medium' | 'small') => (url: string) =>
  uploadedPictureUrl.test(url) ? url.replace(/\.webp$/, `-${size}.webp`) : url

/** The small version of a product's picture (480 pixels a side), for lists. */
export const smallPictureOf = sizedPictureOf('small')

/** The medium version of a product's picture (800 pixels a side), for a product page on a phone. */
export const mediumPictureOf = sizedPictureOf('medium')

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))

/**
 * Whether a file's first bytes are a picture products takes: JPEG, PNG, GIF, WebP
 * (RIFF…WEBP), AVIF or HEIF (an ISO box `ftyp`). Products decides by them before any
 * decoder sees the file, and so do its fakes.
 */
export const looksLikePicture = (b: Uint8Array) =>
  (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
  (b[0] === 0x89 && ascii(b, 1, 4) === 'PNG') ||
  ascii(b, 0, 4) === 'GIF8' ||
  (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') ||
  ascii(b, 4, 8) === 'ftyp'

/** The refusal of a file that is not a picture products takes (a 415). */
export const notAPicture = () =>
  new AppError('unsupported_media_type', 'A picture must be a JPEG, PNG, WebP, GIF, AVIF or HEIF image.')

/** Some units of some products (a reservation's lines, the part of an order that comes back): 1 to 100 lines of 1 to 10,000. */
export const productQuantities = z
  .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(10_000) }).strict())
  .min(1)
  .max(100)

/** Lines naming the same product added up: how many of each product, in the order each was first named. */
export function quantitiesByProduct(lines: readonly { productId: string; quantity: number }[]) {
  const sum = new Map<string, number>()
  for (const { productId, quantity } of lines) sum.set(productId, (sum.get(productId) ?? 0) + quantity)
  return sum
}
