import type * as z from 'zod'
import { AppError, type ServiceClient } from '@shopfront/kit'
import { allPages } from './all-pages.ts'
import * as s from './schemas.ts'

/** Whose cart: a guest's (by the session's guest id, with the web app's own token) or a signed-in user's (their token). */
export type CartOwner = { guestId: string } | { accessToken: string }

export type NewTicket = {
  type: (typeof s.ticketTypes)[number]
  subject: string
  message: string
  orderId?: string
  /** A return of some of the order's items (none: the whole order). */
  items?: { productId: string; quantity: number }[]
}

/** A shopper's review: 1 to 5 stars, and a title and words (empty: none). */
export type ReviewWords = { rating: number; title: string; body: string }

export type CheckoutBody = {
  payment: { cardNumber: string; expMonth: number; expYear: number; cvc: string }
  shippingAddress?: s.Address
  promoCode?: string
}

/**
 * Everything the pages ask of the services, as one port: over HTTP through the kit's
 * client in the running app (`shopOverHttp`), a fake of the test's own in page tests.
 * Calls on a user's behalf carry that user's access token, so every service keeps
 * enforcing its own rules; guest carts use the web app's service token.
 */
export interface Shop {
  search(query: Record<string, string>): Promise<s.ProductPage>
  /** undefined: no such product (a 404), or one no longer sold. */
  product(id: string): Promise<s.Product | undefined>
  categories(): Promise<s.Category[]>
  /** The shopper's alert for a product sold out; undefined when they wait for none. */
  stockAlert(accessToken: string, productId: string): Promise<s.StockAlert | undefined>
  /** Every product sold out the shopper waits for, newest first. */
  stockAlerts(accessToken: string): Promise<s.StockAlert[]>
  /** E-mail the shopper once the product is back (a 409 with `code` `in_stock` when it can be bought now). */
  watchStock(accessToken: string, productId: string): Promise<void>
  stopWatching(accessToken: string, productId: string): Promise<void>
  /** The ratings of each of these products (up to 100), in the order given; one without reviews has a count of 0. */
  ratings(productIds: string[]): Promise<s.ProductRatings['items']>
  /** A page of a product's reviews as the shop shows them (newest first, 10 a page), and its ratings. */
  reviews(productId: string, page: number, sort?: s.ReviewSort): Promise<s.ProductReviewPage>
  /** The shopper's review of a product (null: none yet), and whether they may write one (it was delivered to them). */
  myReview(accessToken: string, productId: string): Promise<s.MyReview>
  /** Every review the shopper wrote, newest first. */
  myReviews(accessToken: string): Promise<s.Review[]>
  /** Writes or replaces the shopper's review (a 403 with `code` `not_delivered` when no order delivered to them holds it). */
  writeReview(accessToken: string, productId: string, words: ReviewWords): Promise<void>
  deleteReview(accessToken: string, productId: string): Promise<void>
  /** Tells staff a review (by its public id) should not be in the shop; a 409 for one's own, a 404 for none. */
  reportReview(accessToken: string, reviewId: string, reason?: string): Promise<void>

  cart(owner: CartOwner): Promise<s.Cart>
  addToCart(owner: CartOwner, productId: string, quantity: number): Promise<s.Cart>
  setQuantity(owner: CartOwner, productId: string, quantity: number): Promise<s.Cart>
  removeFromCart(owner: CartOwner, productId: string): Promise<void>
  mergeGuestCart(guestId: string, userId: string): Promise<{ merged: number; skipped: number }>

  /** `forwardedFor`: the shopper's X-Forwarded-For, so sign-in throttling counts the shopper's address, not the web app's. */
  login(email: string, password: string, forwardedFor?: string): Promise<s.Tokens>
  refresh(refreshToken: string): Promise<s.Tokens>
  logout(accessToken: string, refreshToken: string): Promise<void>
  register(body: { email: string; password: string; name: string }): Promise<void>
  /** Verifies the e-mail; the tokens that sign the newcomer in (none for a disabled account). */
  verify(email: string, code: string): Promise<s.Tokens | undefined>
  resendCode(email: string): Promise<void>
  /** Accepted whether or not the account exists; an existing one gets a code by e-mail. */
  requestPasswordReset(email: string): Promise<void>
  /** Sets the new password with the e-mailed code; every session of the account ends. */
  resetPassword(body: { email: string; code: string; newPassword: string }): Promise<void>
  /** A new password, the current one given; every session of the account ends (this one's too). */
  changePassword(accessToken: string, change: { currentPassword: string; newPassword: string }): Promise<void>
  /** Deletes the signed-in customer's account, their password asked again (a wrong one is a 400 on `password`, staff a 409). */
  deleteAccount(accessToken: string, password: string): Promise<void>
  /** Opts the user out of promotion e-mails by the token of their e-mail's link. */
  unsubscribe(token: string): Promise<void>
  me(accessToken: string): Promise<s.Me>
  updateMe(
    accessToken: string,
    changes: Partial<Pick<s.Me, 'name' | 'phone' | 'shippingAddress' | 'marketingOptIn'>>,
  ): Promise<s.Me>

  /** What checkout would charge for the user's cart now (delivery included), with a code if given (a 422 says why a code does not apply). */
  quote(accessToken: string, promoCode?: string): Promise<s.Quote>
  /** What delivery costs at this shop, for anyone. */
  delivery(): Promise<s.DeliveryTerms>
  checkout(accessToken: string, idempotencyKey: string, body: CheckoutBody): Promise<s.Order>
  orders(accessToken: string, page: number): Promise<s.OrderPage>
  order(accessToken: string, id: string): Promise<s.Order>
  cancelOrder(accessToken: string, id: string): Promise<s.Order>

  tickets(accessToken: string, page: number): Promise<s.TicketPage>
  /** With its conversation and history; someone else's is a 404. */
  ticket(accessToken: string, id: string): Promise<s.Ticket>
  openTicket(accessToken: string, ticket: NewTicket): Promise<s.Ticket>
  replyToTicket(accessToken: string, id: string, body: string): Promise<void>
  rateTicket(accessToken: string, id: string, rating: { score: number; comment?: string }): Promise<void>
}

/** A 404 (or a 400: an id no record could have) as undefined; any other error thrown on. */
function undefinedOn404(err: unknown): undefined {
  if (err instanceof AppError && (err.status === 404 || err.status === 400)) return undefined
  throw err
}

/** The answer, or undefined while its service cannot give one (a 5xx): for a part of a page that can do without it. */
export function unlessDown<T>(answer: Promise<T>): Promise<T | undefined> {
  return answer.catch((err) => {
    if (err instanceof AppError && err.status >= 500) return undefined
    throw err
  })
}

/** The shop over HTTP: each neighbour by its registry name, through the kit's client (discovery, breaker, timeout). */
export function shopOverHttp(client: (service: string) => ServiceClient): Shop {
  const products = client('products')
  const cart = client('cart')
  const users = client('users')
  const sales = client('sales')
  const support = client('support')
  // users hashes a password for these (argon2id at 64 MiB: a third of a second on a quiet
  // machine, more on a busy one; twice to change a password). Past the usual 2 s a page
  // would say it failed while users finished (a deletion sent again finding the account
  // gone); the gateway gives REST clients 10 s as well
  const passwordWork = 10_000
  // the kit's client sends a bare token as a bearer token
  const as = (token: string) => ({ authorization: token })

  const cartCall = <T>(owner: CartOwner, method: string, path: string, body?: unknown, schema?: z.ZodType<T>) =>
    'guestId' in owner
      ? cart.request<T>(method, `/internal/guest-carts/${owner.guestId}${path}`, { body, schema })
      : cart.request<T>(method, `/api/cart${path}`, { body, schema, ...as(owner.accessToken) })

  return {
    search: (query) => products.get('/api/products', { query, schema: s.productPage }),
    async product(id) {
      const path = `/api/products/${encodeURIComponent(id)}`
      const found = await products.get(path, { schema: s.product }).catch(undefinedOn404)
      return found?.active ? found : undefined
    },
    categories: async () => (await products.get('/api/categories', { schema: s.categories })).items,
    async stockAlert(token, productId) {
      const path = `/api/stock-alerts/${encodeURIComponent(productId)}`
      return products.get(path, { schema: s.stockAlert, ...as(token) }).catch(undefinedOn404)
    },
    async stockAlerts(token) {
      const read = (page: number) =>
        products.get('/api/stock-alerts', { query: { page, limit: 100 }, schema: s.stockAlertPage, ...as(token) })
      return allPages(await read(1), read, Number.POSITIVE_INFINITY, (alert) => alert.productId)
    },
    async watchStock(token, productId) {
      await products.put(`/api/stock-alerts/${encodeURIComponent(productId)}`, { idempotent: true, ...as(token) })
    },
    async stopWatching(token, productId) {
      await products.delete(`/api/stock-alerts/${encodeURIComponent(productId)}`, { idempotent: true, ...as(token) })
    },
    ratings: async (productIds) =>
      productIds.length === 0
        ? []
        : (
            await sales.get('/api/reviews/ratings', {
              query: { productIds: productIds.join(',') },
              schema: s.productRatings,
            })
          ).items,
    reviews: (productId, page, sort = 'newest') =>
      sales.get(`/api/reviews/${encodeURIComponent(productId)}`, {
        query: { page, sort },
        schema: s.productReviewPage,
      }),
    myReview: (token, productId) =>
      sales.get(`/api/reviews/${encodeURIComponent(productId)}/mine`, { schema: s.myReview, ...as(token) }),
    async myReviews(token) {
      const read = (page: number) =>
        sales.get('/api/reviews/mine', { query: { page, limit: 100 }, schema: s.reviewPage, ...as(token) })
      return allPages(await read(1), read, Number.POSITIVE_INFINITY, (review) => review.productId)
    },
    async writeReview(token, productId, words) {
      await sales.put(`/api/reviews/${encodeURIComponent(productId)}/mine`, { body: words, ...as(token) })
    },
    async deleteReview(token, productId) {
      await sales.delete(`/api/reviews/${encodeURIComponent(productId)}/mine`, as(token))
    },
    async reportReview(token, reviewId, reason = '') {
      await sales.put(`/api/reviews/reports/${encodeURIComponent(reviewId)}`, { body: { reason }, ...as(token) })
    },

    cart: (owner) => cartCall(owner, 'GET', '', undefined, s.cart),
    addToCart: (owner, productId, quantity) => cartCall(owner, 'POST', '/items', { productId, quantity }, s.cart),
    setQuantity: (owner, productId, quantity) =>
      cartCall(owner, 'PATCH', `/items/${encodeURIComponent(productId)}`, { quantity }, s.cart),
    async removeFromCart(owner, productId) {
      await cartCall(owner, 'DELETE', `/items/${encodeURIComponent(productId)}`)
    },
    mergeGuestCart: (guestId, userId) =>
      cart.post(`/internal/guest-carts/${guestId}/merge`, { body: { userId }, schema: s.merged, idempotent: true }),

    login: (email, password, forwardedFor) =>
      users.post('/api/auth/login', {
        body: { email, password },
        schema: s.tokens,
        timeoutMs: passwordWork,
        headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      }),
    refresh: (refreshToken) => users.post('/api/auth/refresh', { body: { refreshToken }, schema: s.tokens }),
    async logout(accessToken, refreshToken) {
      await users.post('/api/auth/logout', { body: { refreshToken }, ...as(accessToken) })
    },
    async register(body) {
      await users.post('/api/auth/register', { body, timeoutMs: passwordWork })
    },
    async verify(email, code) {
      const answer = await users.post('/api/auth/verify', { body: { email, code }, schema: s.verified })
      return 'accessToken' in answer ? answer : undefined
    },
    async resendCode(email) {
      await users.post('/api/auth/resend-code', { body: { email } })
    },
    async requestPasswordReset(email) {
      await users.post('/api/auth/password-reset', { body: { email } })
    },
    async resetPassword(body) {
      await users.post('/api/auth/password-reset/confirm', { body, timeoutMs: passwordWork })
    },
    async changePassword(accessToken, change) {
      await users.post('/api/users/me/password', { body: change, timeoutMs: passwordWork, ...as(accessToken) })
    },
    async deleteAccount(accessToken, password) {
      await users.delete('/api/users/me', { body: { password }, timeoutMs: passwordWork, ...as(accessToken) })
    },
    async unsubscribe(token) {
      await users.post('/api/users/unsubscribe', { query: { token }, idempotent: true })
    },
    me: (token) => users.get('/api/users/me', { schema: s.me, ...as(token) }),
    updateMe: (token, changes) => users.patch('/api/users/me', { body: changes, schema: s.me, ...as(token) }),

    delivery: () => sales.get('/api/checkout/delivery', { schema: s.deliveryTerms }),
    quote: (token, promoCode) =>
      sales.post('/api/checkout/quote', { body: { promoCode }, schema: s.quote, idempotent: true, ...as(token) }),
    checkout: (token, key, body) =>
      sales.post('/api/checkout', {
        body,
        schema: s.order,
        headers: { 'idempotency-key': key },
        // the same key makes a repeat harmless: sales answers it with the first outcome
        idempotent: true,
        timeoutMs: 30_000,
        ...as(token),
      }),
    orders: (token, page) =>
      sales.get('/api/orders', { query: { page, limit: 20 }, schema: s.orderPage, ...as(token) }),
    order: (token, id) => sales.get(`/api/orders/${encodeURIComponent(id)}`, { schema: s.order, ...as(token) }),
    cancelOrder: (token, id) =>
      sales.post(`/api/orders/${encodeURIComponent(id)}/cancel`, { schema: s.order, idempotent: true, ...as(token) }),

    tickets: (token, page) =>
      support.get('/api/tickets', { query: { page, limit: 20 }, schema: s.ticketPage, ...as(token) }),
    ticket: (token, id) => support.get(`/api/tickets/${encodeURIComponent(id)}`, { schema: s.ticket, ...as(token) }),
    openTicket: (token, body) => support.post('/api/tickets', { body, schema: s.ticket, ...as(token) }),
    async replyToTicket(token, id, body) {
      await support.post(`/api/tickets/${encodeURIComponent(id)}/messages`, { body: { body }, ...as(token) })
    },
    async rateTicket(token, id, rating) {
      await support.post(`/api/tickets/${encodeURIComponent(id)}/rating`, { body: rating, ...as(token) })
    },
  }
}
