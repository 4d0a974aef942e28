import type { ServiceClient } from '@shopfront/kit'
import * as shop from '../shop/schemas.ts'
import * as s from './schemas.ts'

type Query = Record<string, string | number | undefined>
const defined = (q: Query) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>

export type OrderMove = { status: 'shipped'; trackingNumber: string } | { status: 'delivered' }
export type TicketChange = { status?: string; assigneeId?: string | null; priority?: string }
/** What staff change of a review: shown or hidden, and the shop's public reply (null or empty: taken back). */
export type ReviewModeration = { hidden?: boolean; reply?: string | null }
export type ProductInput = {
  sku?: string
  name?: string
  description?: string
  price?: { amount: number; currency: string }
  categoryId?: string | null
  /** Its pictures' addresses (web addresses, or uploaded ones'), the first the one lists show. */
  images?: string[]
  attributes?: Record<string, string | number | boolean>
  active?: boolean
  stock?: number
}
/** A product a catalog file imports (products' `POST /api/products/import`): by SKU, its category by slug, `stock` the units on hand. */
export type ImportedProduct = Omit<ProductInput, 'sku' | 'name' | 'price' | 'categoryId'> & {
  sku: string
  name: string
  price: { amount: number; currency: string }
  category?: string | null
}
/** A customer brought over from another system (users' `POST /api/users/import`). */
export type ImportedCustomer = {
  email: string
  name: string
  phone?: string
  shippingAddress?: { line1: string; line2?: string; city: string; postalCode: string; country: string }
  marketingOptIn?: boolean
}
/** A sales report's period: days from `from` to `to` (both included, at most 366) in the shop's time zone; `top` best sellers. */
export type ReportPeriod = { from: string; to: string; tz: string; top?: number }
export type PromotionInput = {
  code: string
  kind: s.Promotion['kind']
  value: number
  minOrder?: number
  startsAt?: string | null
  endsAt?: string | null
  maxRedemptions?: number | null
  subject: string
  body: string
}

/**
 * What the back office asks of the services, on behalf of the signed-in staff member (their
 * access token on every call): each service enforces its own rules, the pages never rely
 * on hiding a button. Over HTTP in the running app (`staffOverHttp`), a test's own in page tests.
 */
export interface Staff {
  orderStats(
    token: string,
    from: string,
    to: string,
    /** The time zone the days are the shop's in. */
    tz: string,
  ): Promise<s.OrderStats>
  /** A period's sales day by day and its best sellers. */
  salesReport(token: string, period: ReportPeriod): Promise<s.SalesReport>
  orders(token: string, query: Query): Promise<{ items: s.StaffOrder[]; total: number; page: number; limit: number }>
  order(token: string, id: string): Promise<s.StaffOrder>
  moveOrder(token: string, id: string, move: OrderMove): Promise<void>
  cancelOrder(token: string, id: string): Promise<void>
  /** Every review, newest first: `hidden` and `replied` (true or false), `rating`, `productId`, `page`. */
  reviews(token: string, query: Query): Promise<{ items: s.StaffReview[]; total: number; limit: number }>
  /** A shopper's review hidden from the shop or shown again, and the shop's public reply under it written or taken back (null). */
  moderateReview(token: string, productId: string, userId: string, change: ReviewModeration): Promise<void>

  tickets(token: string, query: Query): Promise<shop.TicketPage>
  ticket(token: string, id: string): Promise<shop.Ticket>
  replyToTicket(token: string, id: string, body: string): Promise<void>
  changeTicket(token: string, id: string, change: TicketChange): Promise<void>
  approveReturn(token: string, id: string): Promise<void>

  products(token: string, query: Query): Promise<shop.ProductPage>
  product(token: string, id: string): Promise<shop.Product>
  /** Uploads a picture's file to products (what it takes: a JPEG, PNG, WebP, GIF, AVIF or HEIF picture); where it is served. */
  uploadPicture(token: string, file: Blob): Promise<shop.UploadedPicture>
  createProduct(token: string, input: ProductInput): Promise<shop.Product>
  /** Products by SKU, all or none: how many were made and how many changed. */
  /** Products by SKU, all or none; `dryRun`: only checked, the counts saying what an import would do. */
  importProducts(token: string, products: ImportedProduct[], options?: { dryRun?: boolean }): Promise<s.ImportResult>
  updateProduct(token: string, id: string, input: ProductInput): Promise<shop.Product>
  adjustStock(token: string, id: string, delta: number, reason: string): Promise<void>
  movements(token: string, id: string, page: number): Promise<{ items: s.Movement[]; total: number }>
  /** The live reservations holding a product (orders being placed). */
  reservations(token: string, id: string): Promise<s.Reservation[]>
  /** How many shoppers wait for a product to be back in stock. */
  waiting(token: string, id: string): Promise<s.WaitingShoppers>
  /** The products most waited for (most shoppers first), at most `limit`. */
  demand(token: string, limit: number): Promise<s.AlertDemand['items']>
  categories(): Promise<shop.Category[]>
  updateCategory(
    token: string,
    id: string,
    input: { slug?: string; name?: string; parentId?: string | null },
  ): Promise<void>
  createCategory(token: string, input: { slug: string; name: string; parentId: string | null }): Promise<void>
  deleteCategory(token: string, id: string): Promise<void>

  promotions(token: string, page: number): Promise<{ items: s.Promotion[]; total: number; limit: number }>
  promotion(token: string, id: string): Promise<s.Promotion>
  createPromotion(token: string, input: PromotionInput): Promise<s.Promotion>
  sendCampaign(token: string, id: string): Promise<void>
  previewCampaign(token: string, id: string): Promise<{ subject: string; html: string }>

  users(token: string, query: Query): Promise<{ items: s.User[]; total: number; limit: number }>
  user(token: string, id: string): Promise<s.User>
  administer(token: string, id: string, change: { roles?: string[]; disabled?: boolean }): Promise<s.User>
  /** Customers from another system, all or none: how many accounts were made, and how many e-mails had one. */
  importCustomers(token: string, customers: ImportedCustomer[], invite: boolean): Promise<s.CustomerImportResult>
  /** A customer's account deleted for them (erased; a staff account is a 409). */
  deleteUser(token: string, id: string): Promise<void>

  /** Each service's instances as the gateway sees them in the registry. */
  health(): Promise<s.ServicesHealth>
  /** E-mails waiting in a service's outbox (its readiness answer), or undefined when it cannot tell. */
  outbox(service: string): Promise<{ pending: number; dead: number } | undefined>
}

/** The back office over HTTP: each service through the kit's client (discovery, breaker, timeout). */
export function staffOverHttp(client: (service: string) => ServiceClient, gatewayToken: () => string): Staff {
  const [products, sales, support, users, gateway] = ['products', 'sales', 'support', 'users', 'gateway'].map(
    client,
  ) as [ServiceClient, ServiceClient, ServiceClient, ServiceClient, ServiceClient]
  // the kit's client sends a bare token as a bearer token
  const as = (token: string) => ({ authorization: token })
  const id = encodeURIComponent
  return {
    orderStats: (token, from, to, tz) =>
      sales.get('/api/orders/stats', { query: { from, to, tz }, schema: s.orderStats, ...as(token) }),
    salesReport: (token, period) =>
      sales.get('/api/orders/report', { query: defined(period), schema: s.salesReport, ...as(token) }),
    orders: (token, query) =>
      sales.get('/api/orders', { query: { ...defined(query), all: 'true' }, schema: s.orderPage, ...as(token) }),
    order: (token, orderId) => sales.get(`/api/orders/${id(orderId)}`, { schema: s.order, ...as(token) }),
    async moveOrder(token, orderId, move) {
      await sales.patch(`/api/orders/${id(orderId)}/status`, { body: move, ...as(token) })
    },
    async cancelOrder(token, orderId) {
      await sales.post(`/api/orders/${id(orderId)}/cancel`, { idempotent: true, ...as(token) })
    },
    reviews: (token, query) =>
      sales.get('/api/reviews', { query: defined(query), schema: s.staffReviewPage, ...as(token) }),
    async moderateReview(token, productId, userId, change) {
      await sales.patch(`/api/reviews/${id(productId)}/${id(userId)}`, { body: change, ...as(token) })
    },

    tickets: (token, query) =>
      support.get('/api/tickets', { query: defined(query), schema: shop.ticketPage, ...as(token) }),
    ticket: (token, ticketId) => support.get(`/api/tickets/${id(ticketId)}`, { schema: shop.ticket, ...as(token) }),
    async replyToTicket(token, ticketId, body) {
      await support.post(`/api/tickets/${id(ticketId)}/messages`, { body: { body }, ...as(token) })
    },
    async changeTicket(token, ticketId, change) {
      await support.patch(`/api/tickets/${id(ticketId)}`, { body: change, ...as(token) })
    },
    async approveReturn(token, ticketId) {
      await support.post(`/api/tickets/${id(ticketId)}/approve-return`, {
        idempotent: true,
        timeoutMs: 15_000,
        ...as(token),
      })
    },

    products: (token, query) =>
      products.get('/api/products', { query: defined(query), schema: shop.productPage, ...as(token) }),
    product: (token, productId) =>
      products.get(`/api/products/${id(productId)}`, { schema: shop.product, ...as(token) }),
    // the type a browser guessed from the file's name goes only when it names a picture: products
    // judges the bytes, and says what it takes. A large photo takes it a second or two to prepare.
    uploadPicture: (token, file) =>
      products.post('/api/products/images', {
        file: file.type.startsWith('image/') ? file : new Blob([file], { type: 'application/octet-stream' }),
        schema: shop.uploadedPicture,
        timeoutMs: 30_000,
        ...as(token),
      }),
    createProduct: (token, input) =>
      products.post('/api/products', { body: input, schema: shop.product, ...as(token) }),
    // a thousand products take products a few seconds
    importProducts: (token, rows, { dryRun = false } = {}) =>
      products.post('/api/products/import', {
        ...(dryRun ? { query: { dryRun: 'true' } } : {}),
        body: { products: rows },
        schema: s.importResult,
        timeoutMs: 30_000,
        ...as(token),
      }),
    importCustomers: (token, customers, invite) =>
      users.post('/api/users/import', {
        body: { users: customers, invite },
        schema: s.customerImportResult,
        timeoutMs: 30_000,
        ...as(token),
      }),
    updateProduct: (token, productId, input) =>
      products.patch(`/api/products/${id(productId)}`, { body: input, schema: shop.product, ...as(token) }),
    async adjustStock(token, productId, delta, reason) {
      await products.post(`/api/products/${id(productId)}/stock`, { body: { delta, reason }, ...as(token) })
    },
    movements: (token, productId, page) =>
      products.get(`/api/products/${id(productId)}/stock-movements`, {
        query: { page, limit: 20 },
        schema: s.movementPage,
        ...as(token),
      }),
    categories: async () =>
      (await products.get('/api/categories', { query: { limit: 100 }, schema: shop.categories })).items,
    async createCategory(token, input) {
      await products.post('/api/categories', { body: input, ...as(token) })
    },
    reservations: async (token, productId) =>
      (
        await products.get(`/api/products/${id(productId)}/reservations`, {
          schema: s.reservations,
          ...as(token),
        })
      ).items,
    demand: async (token, limit) =>
      (await products.get('/api/stock-alerts/demand', { query: { limit }, schema: s.alertDemand, ...as(token) })).items,
    waiting: (token, productId) =>
      products.get(`/api/stock-alerts/demand/${id(productId)}`, { schema: s.waitingShoppers, ...as(token) }),
    async updateCategory(token, categoryId, input) {
      await products.patch(`/api/categories/${id(categoryId)}`, { body: input, ...as(token) })
    },
    async deleteCategory(token, categoryId) {
      await products.delete(`/api/categories/${id(categoryId)}`, { ...as(token) })
    },

    promotions: (token, page) =>
      sales.get('/api/promotions', { query: { page, limit: 20 }, schema: s.promotionPage, ...as(token) }),
    promotion: (token, promotionId) =>
      sales.get(`/api/promotions/${id(promotionId)}`, { schema: s.promotion, ...as(token) }),
    createPromotion: (token, input) =>
      sales.post('/api/promotions', { body: input, schema: s.promotion, ...as(token) }),
    previewCampaign: (token, promotionId) =>
      sales.get(`/api/promotions/${id(promotionId)}/preview`, { schema: s.preview, ...as(token) }),
    async sendCampaign(token, promotionId) {
      await sales.post(`/api/promotions/${id(promotionId)}/send`, { idempotent: true, ...as(token) })
    },

    users: (token, query) => users.get('/api/users', { query: defined(query), schema: s.userPage, ...as(token) }),
    user: (token, userId) => users.get(`/api/users/${id(userId)}`, { schema: s.user, ...as(token) }),
    administer: (token, userId, change) =>
      users.patch(`/api/users/${id(userId)}`, { body: change, schema: s.user, ...as(token) }),
    async deleteUser(token, userId) {
      await users.delete(`/api/users/${id(userId)}`, as(token))
    },

    health: () =>
      gateway.get('/health/services', {
        schema: s.servicesHealth,
        ...(gatewayToken() ? { authorization: gatewayToken() } : {}),
      }),
    outbox: (service) =>
      client(service)
        .get('/health/ready', { schema: s.readiness, timeoutMs: 2000 })
        .then((r) => r.mailOutbox)
        .catch(() => undefined),
  }
}
