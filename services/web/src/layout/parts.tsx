/** @jsxImportSource hono/jsx */
import { formatMoney } from '@shopfront/kit'
import { type DeliveryTerms, mediumPictureOf, type Product, smallPictureOf } from '../shop/schemas.ts'

/** An amount in minor units, as the shopper reads it ($24.90). */
export const money = (amount: number, currency = 'USD') => formatMoney({ amount, currency })

/** The shop's delivery terms in words: "Delivery is $4.99, free from $50.00." */
export const termsText = ({ fee, freeFrom, currency }: DeliveryTerms) =>
  fee === 0
    ? 'Delivery is free.'
    : `Delivery is ${money(fee, currency)}${freeFrom === null ? '' : `, free from ${money(freeFrom, currency)}`}.`

/** How many of a thing: "1 product", "12 products". */
export const counted = (n: number, noun: string) => `${n} ${n === 1 ? noun : `${noun}s`}`

const moment = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
})
/** A moment as the server writes it, the zone said: "Mar 3, 2026, 2:15 PM UTC" (in text: a select's option, a sentence). */
export const dateTime = (iso: string) => moment.format(new Date(iso))

/**
 * A moment in a page: written in UTC as `dateTime` writes it, then shown in the visitor's own
 * time zone by the page's script ("Mar 3, 2026, 9:15 AM EST"), as `<time>` tells it the instant.
 */
export const When = ({ at }: { at: string }) => <time datetime={at}>{dateTime(at)}</time>

/** What happened to an order or a ticket, oldest first: each entry what, when, and a note; nothing when empty. */
export function History({ entries }: { entries: { what: string; at: string; note?: string | null }[] }) {
  if (entries.length === 0) return null
  return (
    <section class="panel" aria-labelledby="history">
      <h2 id="history">History</h2>
      <ol class="history">
        {entries.map((e) => (
          <li>
            <strong>{e.what}</strong>{' '}
            <span class="muted">
              <When at={e.at} />
            </span>
            {e.note && <div class="muted">{e.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** A product's picture: its own first image (the small one, for lists, when it was uploaded), else the shop's drawing of it. */
export const imageOf = (p: Pick<Product, 'images' | 'sku'>, size: 'large' | 'small' = 'large') => {
  const [first] = p.images
  if (!first) return `/images/products/${encodeURIComponent(p.sku)}.svg`
  return size === 'small' ? smallPictureOf(first) : first
}

/** What the shopper should know about stock: sold out, only a few left, or in stock. */
export function StockNote({ available }: { available: number }) {
  if (available <= 0) return <span class="stock low">Sold out</span>
  if (available <= 5) return <span class="stock low">{`Only ${available} left`}</span>
  return <span class="stock">In stock</span>
}

/** Stars as the eye reads them (★★★★☆, to the nearest whole star) and a screen reader hears them ("4.3 out of 5 stars"). */
export function Stars({ rating }: { rating: number }) {
  const full = Math.round(rating)
  return (
    <span class="stars" role="img" aria-label={`${rating} out of 5 stars`}>
      {'★'.repeat(full) + '☆'.repeat(5 - full)}
    </span>
  )
}

/** How shoppers rated a product, for its card: the average of its reviews and how many (none: not rated yet). */
export type CardRating = { average: number | null; count: number }

/** A product in a grid: its picture, name, price, stars (when rated) and stock, all one link to its page. */
export function ProductCard({ product, rating }: { product: Product; rating?: CardRating }) {
  return (
    <li class="card">
      <a href={`/products/${product.id}`}>
        <img src={imageOf(product, 'small')} alt="" width={400} height={300} loading="lazy" />
        <div class="body">
          <h3>{product.name}</h3>
          <span class="price">{money(product.price.amount, product.price.currency)}</span>
          {rating?.average != null && rating.count > 0 && (
            <span class="card-rating">
              <Stars rating={rating.average} />
              <span class="muted">
                {` (${rating.count}`}
                <span class="visually-hidden">{rating.count === 1 ? ' review' : ' reviews'}</span>)
              </span>
            </span>
          )}
          <StockNote available={product.available} />
        </div>
      </a>
    </li>
  )
}

/**
 * The pages a pager names: the first, the last, and the current one with its neighbours, in
 * order; where they skip one page that page too, where they skip more an ellipsis (`null`),
 * so no page seems to be missing. Page 1 of 4: 1 2 3 4; page 5 of 10: 1 … 4 5 6 … 10.
 */
export function pagerItems(page: number, pages: number): (number | null)[] {
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b)
  const items: (number | null)[] = []
  let previous = 0
  for (const p of wanted) {
    if (p - previous === 2) items.push(p - 1)
    else if (p - previous > 2) items.push(null)
    items.push(p)
    previous = p
  }
  return items
}

/**
 * Page links for a list answered a page at a time (`of`: its total and page size); they keep
 * every other query parameter, so a result page is a shareable URL.
 */
export function Pager({
  page,
  of,
  href,
}: {
  page: number
  of: { total: number; limit: number }
  href: (page: number) => string
}) {
  const pages = Math.ceil(of.total / of.limit)
  if (pages <= 1) return null
  return (
    <nav aria-label="Pages">
      <ul class="pager">
        {page > 1 && (
          <li>
            <a href={href(page - 1)} rel="prev">
              Previous
            </a>
          </li>
        )}
        {pagerItems(page, pages).map((p) =>
          p === null ? (
            <li aria-hidden="true">
              <span class="gap">…</span>
            </li>
          ) : p === page ? (
            <li>
              <span aria-current="page">{String(p)}</span>
            </li>
          ) : (
            <li>
              <a href={href(p)}>{String(p)}</a>
            </li>
          ),
        )}
        {page < pages && (
          <li>
            <a href={href(page + 1)} rel="next">
              Next
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}

/**
 * A product page's picture: the large one (1600 pixels a side), or on a phone's screen
 * (one column, below the two-column layout's 760 pixels) the medium one (800), a quarter of
 * the bytes or so; a picture that is not uploaded here has one size.
 */
export function ProductPicture({ product }: { product: Product }) {
  const large = imageOf(product)
  const medium = mediumPictureOf(large)
  return (
    <picture>
      {medium !== large && <source media="(max-width: 759px)" srcset={medium} />}
      <img src={large} alt={product.name} width={400} height={300} />
    </picture>
  )
}
