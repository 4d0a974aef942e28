/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, freeReturns } from '@shopfront/kit'
import { noticeFrom, readForm } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { money, ProductPicture, StockNote, termsText } from '../layout/parts.tsx'
import type { PageParts } from '../pages.ts'
import { accessToken, hereOf, onTo, signInFirst, userSession, type WebEnv } from '../session/session.ts'
import { alertCodes, type DeliveryTerms, type Product, smallPictureOf } from '../shop/schemas.ts'
import { cached } from '../shop/cached.ts'
import { type Shop, unlessDown } from '../shop/shop.ts'
import { ProductSection } from './catalog.routes.tsx'
import type { CardRatings } from './card-ratings.ts'
import { catalogHref } from './catalog-query.ts'
import { ProductReviews } from './reviews.tsx'

/** The product on sale by this id, or the shop's 404 page (no such product, one no longer sold, or no id at all). */
export async function productOr404(shop: Pick<Shop, 'product'>, id: string) {
  const product = await shop.product(id)
  if (!product) throw new AppError('not_found', 'This product is not in the shop (any more).')
  return product
}

// stopping from the list of alerts goes back there
const alertForm = z.object({ action: z.enum(['watch', 'stop']), next: z.literal('/account/alerts').optional() })

/** A signed-in shopper's "tell me when it is back" for a product sold out: where they would be written to, and since when they wait (none: they do not). */
type Alert = { email: string; since?: string } | undefined

/**
 * A product's page (its pictures, price, delivery terms, stock, facts, reviews, more of its
 * category) and, for one sold out, "tell me when it is back": a signed-in shopper asks to be
 * e-mailed once it can be bought again, or stops waiting (products keeps the alert and sends
 * the e-mail).
 */
export function productPageRoutes({
  shop,
  render,
  delivery,
  ratings,
  terms,
}: Pick<PageParts, 'shop' | 'render' | 'terms'> & {
  /** The stars of the cards' products (sales', kept a minute). */
  ratings: CardRatings
  /** What delivery costs (cached; undefined while sales cannot say). */
  delivery: () => Promise<DeliveryTerms | undefined>
}) {
  const app = new Hono<WebEnv>()
  // more of a category to be had now, the same for every shopper: asked of products at most
  // every 10 s a category (a product page is the shop's most opened); none while products cannot say
  const categoryLists = new Map<string, () => Promise<Product[]>>()
  const moreIn = (slug: string) => {
    let list = categoryLists.get(slug)
    if (!list) {
      const load = () => shop.search({ category: slug, inStock: 'true', limit: '5' }).then((found) => found.items)
      list = cached(load, 10_000, { fallback: [] })
      categoryLists.set(slug, list)
    }
    return list()
  }

  app.get('/products/:id', async (c) => {
    const product = await productOr404(shop, c.req.param('id'))
    const category = product.category
    const user = userSession(c)
    const watching = user && product.available <= 0 ? user : undefined
    // the rest of the page at once: what sales says of it (the page does without it while sales
    // cannot answer), more of its category, and a signed-in shopper's alert for it sold out
    const [inCategory, deliveryTerms, reviews, mine, watched] = await Promise.all([
      category ? moreIn(category.slug) : [],
      delivery(),
      unlessDown(shop.reviews(product.id, 1)),
      user ? unlessDown(shop.myReview(user.accessToken, product.id)) : ('guest' as const),
      watching && shop.stockAlert(watching.accessToken, product.id),
    ])
    const more = inCategory.filter((p) => p.id !== product.id).slice(0, 4)
    const stars = await ratings(more.map((p) => p.id))
    const alert: Alert = watching && { email: watching.user.email, since: watched?.since }
    return render(
      c,
      {
        title: product.name,
        notice: noticeFrom(c, {
          added: `${product.name} is in your cart.`,
          watching: `We will e-mail you once ${product.name} is back.`,
          stopped: `You will not be e-mailed about ${product.name}.`,
          inStock: `${product.name} is in stock again: add it to your cart.`,
          reviewed: 'Thank you: your review is saved.',
          reviewDeleted: 'Your review is deleted.',
          reported: 'Thank you: our staff will look at that review.',
        }),
      },
      <>
        <article class="product">
          <div class="gallery">
            <ProductPicture product={product} />
            {product.images.length > 1 && (
              <ul class="more-pictures">
                {product.images.slice(1).map((src, i) => (
                  <li>
                    <a href={src}>
                      <img
                        src={smallPictureOf(src)}
                        alt={`${product.name} (${i + 2} of ${product.images.length})`}
                        width={96}
                        height={72}
                        loading="lazy"
                      />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            {product.category && (
              <p>
                <a href={catalogHref({ category: product.category.slug })}>{product.category.name}</a>
              </p>
            )}
            <h1>{product.name}</h1>
            <p class="price">{money(product.price.amount, product.price.currency)}</p>
            <p class="muted">
              {[deliveryTerms && termsText(deliveryTerms), `We offer ${freeReturns(terms().returnWindowDays)}.`]
                .filter(Boolean)
                .join(' ')}
            </p>
            <p>
              <StockNote available={product.available} />
            </p>
            <p>{product.description}</p>
            {product.available > 0 ? (
              <form class="buy" method="post" action="/cart/items">
                <CsrfField />
                <input type="hidden" name="productId" value={product.id} />
                <div class="field">
                  <label for="quantity">Quantity</label>
                  <input
                    id="quantity"
                    name="quantity"
                    type="number"
                    min={1}
                    max={Math.min(product.available, 99)}
                    value="1"
                    required
                  />
                </div>
                <button type="submit">Add to cart</button>
              </form>
            ) : (
              <div class="panel">
                {product.stock.reserved > 0 && (
                  <p>The last ones are held by checkouts under way, and may come back in a few minutes.</p>
                )}
                <BackInStock productId={product.id} here={hereOf(c)} alert={alert} />
              </div>
            )}
            <Facts product={product} />
          </div>
        </article>
        <ProductReviews productId={product.id} found={reviews} mine={mine} here={hereOf(c)} />
        {category && <ProductSection id="more" title={`More in ${category.name}`} products={more} ratings={stars} />}
      </>,
    )
  })

  app.post('/products/:id/alert', signInFirst, async (c) => {
    const id = z.uuid().safeParse(c.req.param('id'))
    if (!id.success) throw new AppError('not_found', 'This product is not in the shop (any more).')
    const { action, next } = await readForm(c, alertForm)
    const page = `/products/${id.data}`
    if (action === 'stop') {
      await shop.stopWatching(accessToken(c), id.data)
      return c.redirect(`${next ?? page}?stopped=1`, 303)
    }
    try {
      await shop.watchStock(accessToken(c), id.data)
    } catch (err) {
      // in stock again meanwhile: the page offers it
      if (err instanceof AppError && err.extras.code === alertCodes.inStock) return c.redirect(`${page}?inStock=1`, 303)
      throw err
    }
    return c.redirect(`${page}?watching=1`, 303)
  })
  // signing in from the form comes back here: the product's page
  app.get('/products/:id/alert', (c) => c.redirect(`/products/${encodeURIComponent(c.req.param('id'))}`, 303))
  return app
}

/** Under "sold out": a guest is asked to sign in; a shopper to be e-mailed when it is back, or, waiting, told so with a way to stop. */
function BackInStock({ productId, here, alert }: { productId: string; here: string; alert: Alert }) {
  if (!alert)
    return (
      <p>
        <a href={onTo('/signin', here)}>Sign in</a> and we will e-mail you when it is back.
      </p>
    )
  return (
    <>
      {alert.since && <p>We will e-mail {alert.email} when it is back.</p>}
      <form method="post" action={`/products/${productId}/alert`}>
        <CsrfField />
        <input type="hidden" name="action" value={alert.since ? 'stop' : 'watch'} />
        {alert.since ? (
          <button type="submit" class="secondary">
            Stop waiting
          </button>
        ) : (
          <button type="submit">E-mail me when it is back</button>
        )}
      </form>
    </>
  )
}

function Facts({ product }: { product: Product }) {
  const entries = Object.entries(product.attributes)
  return (
    <dl class="facts">
      <dt>Item number</dt>
      <dd>{product.sku}</dd>
      {entries.map(([name, value]) => (
        <>
          <dt>{name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ')}</dt>
          <dd>{String(value)}</dd>
        </>
      ))}
    </dl>
  )
}
