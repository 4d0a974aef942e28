/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { AppError } from '@shopfront/kit'
import { noticeFrom } from '../forms.ts'
import { CsrfField } from '../layout/layout.tsx'
import { money, Pager, ProductCard, ProductPicture, StockNote, counted } from '../layout/parts.tsx'
import type { Render } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import { termsText } from '../cart/cart-page.tsx'
import { type Category, type DeliveryTerms, type Product, smallPictureOf } from '../shop/schemas.ts'
import { cached } from '../shop/cached.ts'
import type { Shop } from '../shop/shop.ts'
import { catalogHref, catalogQuery, sorts } from './catalog-query.ts'
import { Filters } from './filters.tsx'

/** Home, catalog (search, category, filters, sort, pages) and product pages. */
export function catalogRoutes({
  shop,
  render,
  categories: allCategories,
  delivery,
  pageSize,
}: {
  shop: Shop
  render: Render
  /** The category list the layout shows too (cached; empty while products cannot say). */
  categories: () => Promise<Category[]>
  /** What delivery costs (cached; undefined while sales cannot say). */
  delivery: () => Promise<DeliveryTerms | undefined>
  pageSize: () => number
}) {
  const app = new Hono<WebEnv>()
  // the home page's lists are the same for everyone: asked of products at most every 10 s
  const showcase = cached(
    () =>
      Promise.all([
        // enough for eight that are not also featured
        shop.search({ sort: 'newest', limit: '12' }),
        shop.search({ sort: 'price_desc', inStock: 'true', limit: '4' }),
      ]),
    10_000,
  )

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

  app.get('/', async (c) => {
    const [newest, featured] = await showcase()
    // a product featured is not shown again under New in
    const isFeatured = new Set(featured.items.map((p) => p.id))
    const newIn = newest.items.filter((p) => !isFeatured.has(p.id)).slice(0, 8)
    return render(
      c,
      { title: 'Home' },
      <>
        <section class="panel" aria-labelledby="welcome">
          <h1 id="welcome">Good things for every day</h1>
          <p class="muted">Coffee, kitchen, books, electronics, the outdoors and home: delivered, with free returns.</p>
          <a class="button" href="/products">
            Browse the catalog
          </a>
        </section>
        <ProductSection id="featured" title="Featured" products={featured.items} />
        <ProductSection id="new" title="New in" products={newIn} />
      </>,
    )
  })

  app.get('/products', async (c) => {
    const query = catalogQuery.parse(c.req.query())
    const [min, max] = query.price?.split('-') ?? []
    const result = await shop.search({
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(min ? { minPrice: min } : {}),
      ...(max ? { maxPrice: max } : {}),
      ...(query.inStock ? { inStock: 'true' } : {}),
      sort: query.sort ?? (query.q ? 'relevance' : 'newest'),
      facets: 'true',
      page: String(query.page),
      limit: String(pageSize()),
    })
    const categories = await allCategories()
    const current = categories.find((cat) => cat.slug === query.category)
    const title = query.q ? `Results for “${query.q}”` : (current?.name ?? 'All products')
    return render(
      c,
      {
        title,
        q: query.q,
        notice: noticeFrom(c, { promo: 'Your promotion code is ready: it is filled in at checkout.' }),
      },
      <>
        <h1>{title}</h1>
        <div class="catalog">
          <Filters query={query} categories={categories} facets={result.facets} />
          <section aria-label="Products">
            <form class="toolbar" method="get" action="/products" data-autosubmit>
              {(['q', 'category', 'price', 'inStock'] as const).map(
                (key) => query[key] && <input type="hidden" name={key} value={query[key]} />,
              )}
              <p role="status">{counted(result.total, 'product')}</p>
              <div>
                <label for="sort">Sort by </label>
                <select id="sort" name="sort">
                  {Object.entries(sorts).map(([value, label]) => (
                    <option value={value} selected={value === (query.sort ?? (query.q ? 'relevance' : 'newest'))}>
                      {label}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit" class="secondary nojs-only">
                  Sort
                </button>
              </div>
            </form>
            {result.items.length === 0 ? (
              <p class="panel">
                {'Nothing matches. '}
                {result.didYouMean ? (
                  <>
                    {'Did you mean '}
                    <a href={`/products?q=${encodeURIComponent(result.didYouMean)}`}>{result.didYouMean}</a>
                    {'? Or '}
                  </>
                ) : (
                  'Try other words, or '
                )}
                <a href="/products">see every product</a>.
              </p>
            ) : (
              <ul class="grid">
                {result.items.map((p) => (
                  <ProductCard product={p} />
                ))}
              </ul>
            )}
            <Pager
              page={query.page}
              of={{ total: result.total, limit: pageSize() }}
              href={(page) => catalogHref({ ...query, page })}
            />
          </section>
        </div>
      </>,
    )
  })

  app.get('/products/:id', async (c) => {
    const product = await shop.product(c.req.param('id'))
    if (!product) throw new AppError('not_found', 'This product is not in the shop (any more).')
    const category = product.category
    const more = category ? (await moreIn(category.slug)).filter((p) => p.id !== product.id).slice(0, 4) : []
    const terms = await delivery()
    return render(
      c,
      {
        title: product.name,
        notice: noticeFrom(c, { added: `${product.name} is in your cart.` }),
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
            {terms && <p class="muted">{termsText(terms)}</p>}
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
              <p class="panel">
                {product.stock.reserved > 0
                  ? 'Sold out for now: the last ones are held by checkouts under way, and may come back in a few minutes.'
                  : 'Sold out for now. Come back soon.'}
              </p>
            )}
            <Facts product={product} />
          </div>
        </article>
        {category && <ProductSection id="more" title={`More in ${category.name}`} products={more} />}
      </>,
    )
  })

  return app
}

function ProductSection({ id, title, products }: { id: string; title: string; products: Product[] }) {
  if (products.length === 0) return null
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class="grid">
        {products.map((p) => (
          <ProductCard product={p} />
        ))}
      </ul>
    </section>
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
