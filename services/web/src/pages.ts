import type { Render } from './layout/render.tsx'
import type { ShopTerms } from './settings.ts'
import type { Sessions } from './session/session.ts'
import type { SessionsRepo } from './session/sessions.repo.ts'
import type { Shop } from './shop/shop.ts'

/** What the storefront's pages are made of (app.tsx has one of each); a page's routes take the part they use. */
export interface PageParts {
  shop: Shop
  render: Render
  sessions: Sessions
  repo: SessionsRepo
  /** The shop's terms (application.yml's `shop`): its return window (support keeps it), its seller. */
  terms: () => ShopTerms
}
