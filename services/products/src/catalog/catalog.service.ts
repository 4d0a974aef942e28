import { AppError, type Principal } from '@shopfront/kit'
import { notUploaded, type PictureService } from '../pictures/pictures.service.ts'
import type { ReservationsRepo } from '../stock/reservations.repo.ts'
import { productView } from './product-view.ts'
import type { ProductsRepo } from './products.repo.ts'
import type { CreateProduct, ImportedProduct, SearchQuery, UpdateProduct } from './products.schemas.ts'
import type { Spelling } from './spelling.ts'

const isAdmin = (viewer: Pick<Principal, 'roles'> | undefined) => viewer?.roles.includes('admin') ?? false

/**
 * The catalog as the API offers it: anyone browses and searches what is sold; admins also
 * see what is not, and manage products and their stock (each change recorded with who made
 * it). Answers are the API's product views.
 */
export function createCatalogService({
  products,
  reservations,
  spelling,
  pictures,
}: {
  products: ProductsRepo
  reservations: Pick<ReservationsRepo, 'liveFor'>
  spelling: Spelling
  pictures: Pick<PictureService, 'checkNamed' | 'missingOf'>
}) {
  return {
    async search(query: SearchQuery, viewer?: Principal) {
      if ((query.includeInactive || query.active === false) && !isAdmin(viewer))
        throw new AppError('forbidden', 'Only admins can list inactive products.')
      const { rows, total, facets } = await products.search(query, { admin: isAdmin(viewer) })
      // nothing found for the words typed: the search a typo probably meant, when one finds something
      const didYouMean = total === 0 && query.q ? await spelling.didYouMean(query.q) : undefined
      return { items: rows.map(productView), total, facets, didYouMean }
    },

    async suggest(q: string, limit: number) {
      return (await products.suggest(q, limit)).map(({ id, name }) => ({ id, name }))
    },

    /** A product; one no longer sold only for admins (anyone else: 404). */
    get: async (id: string, viewer?: Principal) =>
      productView(await products.mustGet(id, { includeInactive: isAdmin(viewer) })),

    /** A new product; the uploaded pictures it names must be kept here. */
    async create(body: CreateProduct, actor: string) {
      await pictures.checkNamed(body.images)
      return productView(await products.create(body, actor))
    },

    async update(id: string, change: UpdateProduct) {
      await pictures.checkNamed(change.images)
      return productView(await products.update(id, change))
    },

    /**
     * Products by SKU, all or none (`dryRun`: only checked); the uploaded pictures they name
     * must be kept here, each one that is not named with the product's other problems.
     */
    async import(rows: ImportedProduct[], actor: string, { dryRun = false } = {}) {
      const missing = new Set(await pictures.missingOf(rows.flatMap((r) => r.images ?? [])))
      const unknownPictures = rows.flatMap((r, i) =>
        (r.images ?? [])
          .filter((url) => missing.has(url))
          .map((url) => ({ path: `products.${i}.images`, message: notUploaded(url) })),
      )
      return products.import(rows, { reason: 'import', actor, dryRun, problems: unknownPictures })
    },

    /** Takes the product off sale; orders keep referring to it. */
    deactivate: (id: string) => products.deactivate(id),

    adjustStock: async (id: string, delta: number, reason: string, actor: string) =>
      productView(await products.adjustStock(id, delta, reason, actor)),

    /** The live reservations holding the product: orders being placed, not yet paid or released. */
    async liveReservations(id: string) {
      await products.mustGet(id, { includeInactive: true })
      return reservations.liveFor(id)
    },

    /** Its stock's history, newest first. */
    async movements(id: string, page: number, limit: number) {
      const { items, total } = await products.movements(id, page, limit)
      return { items: items.map(({ createdAt, ...movement }) => ({ ...movement, at: createdAt.toISOString() })), total }
    },
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>
