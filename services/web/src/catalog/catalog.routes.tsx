/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { noticeFrom } from '../forms.ts'
import { type CardRating, counted, Pager, ProductCard } from '../layout/parts.tsx'
import type { Render } from '../layout/render.tsx'
import type { WebEnv } from '../session/session.ts'
import type { Category, Product } from '../shop/schemas.ts'
import { cached } from '../shop/cached.ts'
import type { Shop } from '../shop/shop.ts'
import type { CardRatings } from './card-ratings.ts'
import { catalogHref, catalogQuery, sorts } from './catalog-query.ts'
import { Filters } from './filters.tsx'

/** Home and catalog (search, category, filters, sort, pages); a product's page is product-page.routes.tsx. */
export function catalogRoutes({
  shop,
  render,
  categories: allCategories,
  pageSize,
  ratings,
}: {
  shop: Shop
  render: Render
  /** The stars of the cards' products (sales', kept a minute). */
  ratings: CardRatings
  /** The category list the layout shows too (cached; empty while products cannot say). */
  categories: () => Promise<Category[]>
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

  app.get('/', async (c) => {
    const [newest, featured] = await showcase()
    // a product featured is not shown again under New in
    const isFeatured = new Set(featured.items.map((p) => p.id))
    const newIn = newest.items.filter((p) => !isFeatured.has(p.id)).slice(0, 8)
    const stars = await ratings([...featured.items, ...newIn].map((p) => p.id))
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
        <ProductSection id="featured" title="Featured" products={featured.items} ratings={stars} />
        <ProductSection id="new" title="New in" products={newIn} ratings={stars} />
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
    const [categories, stars] = await Promise.all([allCategories(), ratings(result.items.map((p) => p.id))])
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
                  <ProductCard product={p} rating={stars.get(p.id)} />
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

  return app
}

/** A titled grid of product cards, with their stars (none: nothing shown). */
export function ProductSection({
  id,
  title,
  products,
  ratings,
}: {
  id: string
  title: string
  products: Product[]
  ratings: Map<string, CardRating>
}) {
  if (products.length === 0) return null
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class="grid">
        {products.map((p) => (
          <ProductCard product={p} rating={ratings.get(p.id)} />
        ))}
      </ul>
    </section>
  )
}
