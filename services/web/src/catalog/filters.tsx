/** @jsxImportSource hono/jsx */
import type { Category, Facets } from '../shop/schemas.ts'
import { type CatalogQuery, catalogHref, priceChoices } from './catalog-query.ts'

/** A facet's count after its choice, when products gave one: "Books (12)". */
const withCount = (label: string, count: number | undefined) => (count === undefined ? label : `${label} (${count})`)

/**
 * The catalog's filters beside its results: category links, price bands and stock, each with
 * its count. Below the two-column width they fold away under a summary naming what is chosen,
 * so a phone shows the products first (the page's script folds them; without it they stay open).
 */
export function Filters({
  query,
  categories,
  facets,
}: {
  query: CatalogQuery
  categories: Category[]
  facets?: Facets
}) {
  const base = { q: query.q, price: query.price, inStock: query.inStock, sort: query.sort }
  const categoryCount = (slug: string) => facets && (facets.categories.find((f) => f.slug === slug)?.count ?? 0)
  const chosen = [
    categories.find((cat) => cat.slug === query.category)?.name,
    priceChoices.find((band) => band.value === query.price)?.label,
    query.inStock && 'In stock only',
  ].filter(Boolean)
  return (
    <aside class="filters" aria-label="Filters">
      <details open data-fold-narrow>
        <summary>{chosen.length > 0 ? `Filters: ${chosen.join(' · ')}` : 'Filters'}</summary>
        <fieldset>
          <legend>Category</legend>
          <ul>
            <li>
              <a href={catalogHref(base)} aria-current={query.category ? undefined : 'true'}>
                All
              </a>
            </li>
            {categories.map((cat) => (
              <li>
                {categoryCount(cat.slug) === 0 && cat.slug !== query.category ? (
                  <span class="muted">{withCount(cat.name, 0)}</span>
                ) : (
                  <a
                    href={catalogHref({ ...base, category: cat.slug })}
                    aria-current={cat.slug === query.category ? 'true' : undefined}
                  >
                    {withCount(cat.name, categoryCount(cat.slug))}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
        <form method="get" action="/products" data-autosubmit>
          {query.q && <input type="hidden" name="q" value={query.q} />}
          {query.category && <input type="hidden" name="category" value={query.category} />}
          {query.sort && <input type="hidden" name="sort" value={query.sort} />}
          <fieldset>
            <legend>Price</legend>
            <ul>
              <li>
                <label class="check">
                  <input type="radio" name="price" value="" checked={!query.price} /> Any price
                </label>
              </li>
              {priceChoices.map((band, i) => (
                <li>
                  <label class="check">
                    <input type="radio" name="price" value={band.value} checked={band.value === query.price} />{' '}
                    {withCount(band.label, facets?.priceBands[i]?.count)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset>
            <legend>Availability</legend>
            <label class="check">
              <input type="checkbox" name="inStock" value="1" checked={!!query.inStock} />{' '}
              {withCount('In stock only', facets?.inStock)}
            </label>
          </fieldset>
          <button type="submit" class="secondary nojs-only">
            Apply filters
          </button>
        </form>
      </details>
    </aside>
  )
}
