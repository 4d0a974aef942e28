import { join } from 'node:path'
import { AppError } from '@shopfront/kit'
import { baseTestSettings, createTestIssuer, present, startServiceUnderTest } from '@shopfront/kit/testing'
import { fakeStaff } from './admin/fake-staff.ts'
import { createApp } from './app.tsx'
import { type Cart, type Me, type Order, type Product, priceBands, type Ticket } from './shop/schemas.ts'
import type { CartOwner, Shop } from './shop/shop.ts'
import { webSettings } from './settings.ts'

export const settings = webSettings.parse({
  ...baseTestSettings,
  web: { publicUrl: 'http://shop.test', session: { idleDays: 30, secureCookie: true }, pageSize: 2 },
})

const product = (n: number, name: string, available: number, category = 'coffee'): Product => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  sku: `COF-00${n}`,
  name,
  description: `About ${name}.`,
  price: { amount: 1000 * n, currency: 'USD' },
  images: [],
  attributes: { roast: 'medium' },
  category: { id: `10000000-0000-4000-8000-00000000000${n}`, slug: category, name: 'Coffee & Tea' },
  active: true,
  stock: { onHand: available, reserved: 0 },
  available,
  createdAt: new Date(2026, 0, n).toISOString(),
  updatedAt: new Date(2026, 0, n).toISOString(),
})

/**
 * The shop's services as the test's own, standing at the web app's seam (the `Shop` port):
 * a small catalog, carts, one account (ann@example.com / correct-horse) whose tokens the
 * test issuer signs, orders, and the sandbox's cards. `down` makes a service fail as an
 * unreachable one does; `calls` counts what the web app asked.
 */
export async function fakeShop() {
  const issuer = await createTestIssuer()
  const catalog = [product(1, 'Café Crème Beans', 40), product(2, 'Ethiopian Beans', 3), product(3, 'Moka Pot', 0)]
  const carts = new Map<string, Map<string, number>>()
  const orders: Order[] = []
  const tickets: Ticket[] = []
  const ann = { id: '20000000-0000-4000-8000-000000000001', email: 'ann@example.com', name: 'Ann' }
  const down = { products: false, cart: false, users: false, sales: false, support: false }
  const calls = {
    refresh: 0,
    logout: 0,
    merge: [] as string[],
    checkoutKeys: [] as string[],
    unsubscribed: [] as string[],
    resetRequests: [] as string[],
    savedAddresses: [] as unknown[],
  }
  let accessTtl = 900
  const unavailable = (service: string) => new AppError('unavailable', `${service} cannot be reached.`)
  const check = (service: keyof typeof down) => {
    if (down[service]) throw unavailable(service)
  }
  /** Who may sign in: Ann the customer, and the shop's staff (an admin and a support agent), all with one password. */
  const accounts: Record<
    string,
    { id: string; roles: string[]; password: string; version?: number; disabled?: boolean }
  > = {
    [ann.email]: { id: ann.id, roles: ['customer'], password: 'correct-horse' },
    'admin@example.com': {
      id: '20000000-0000-4000-8000-0000000000a1',
      roles: ['customer', 'admin'],
      password: 'correct-horse',
    },
    'agent@example.com': {
      id: '20000000-0000-4000-8000-0000000000a2',
      roles: ['customer', 'support'],
      password: 'correct-horse',
    },
  }
  /** A customer's account of the test's own (for a test that changes it): its e-mail and password. */
  const newAccount = () => {
    const email = `shopper-${crypto.randomUUID().slice(0, 8)}@example.com`
    accounts[email] = { id: crypto.randomUUID(), roles: ['customer'], password: 'correct-horse' }
    return { email, password: 'correct-horse' }
  }
  /** What each account's profile says (the users service keeps it). */
  const profiles = new Map<string, Pick<Me, 'name' | 'phone' | 'shippingAddress' | 'marketingOptIn'>>()
  const profileOf = (id: string, email: string) =>
    profiles.get(id) ?? {
      name: id === ann.id ? ann.name : (email.split('@')[0] ?? email),
      phone: null,
      shippingAddress: null,
      marketingOptIn: false,
    }
  /** Whose token it is (the users service reads its own tokens). */
  const accountOf = (token: string) => {
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }
    const [email, account] = present(
      Object.entries(accounts).find(([, a]) => a.id === sub),
      `an account with id ${sub}`,
    )
    return { email, ...account }
  }
  const tooCommon = (newPassword: string) => {
    if (newPassword === 'password123')
      throw new AppError('validation', 'That password is too common.', {
        errors: [{ path: 'newPassword', message: 'too common' }],
      })
  }
  const issue = async (email = ann.email) => ({
    accessToken: await issuer.sign({
      sub: accounts[email].id,
      roles: accounts[email].roles,
      ver: accounts[email].version ?? 0,
      expiresIn: `${accessTtl}s`,
    }),
    refreshToken: `refresh-${email}-${crypto.randomUUID()}`,
    expiresIn: accessTtl,
  })
  const keyOf = (owner: CartOwner) => ('guestId' in owner ? `guest:${owner.guestId}` : ann.id)
  const view = (key: string): Cart => {
    const lines = [...(carts.get(key) ?? new Map()).entries()].map(([id, quantity]) => {
      const p = present(
        catalog.find((x) => x.id === id),
        `product ${id}`,
      )
      return {
        productId: id,
        name: p.name,
        unitPrice: p.price.amount,
        quantity,
        lineTotal: p.price.amount * quantity,
        available: p.available,
        status: 'ok' as const,
      }
    })
    return { items: lines, subtotal: lines.reduce((s, l) => s + l.lineTotal, 0), currency: 'USD', stale: down.products }
  }
  const cartOf = (key: string) => {
    const cart = carts.get(key) ?? new Map<string, number>()
    carts.set(key, cart)
    return cart
  }

  const shop: Shop = {
    async search(query) {
      check('products')
      const q = (query.q ?? '').toLowerCase()
      const found = catalog.filter((p) => !q || p.name.toLowerCase().includes(q))
      const limit = Number(query.limit ?? 20)
      const page = Number(query.page ?? 1)
      const facets =
        query.facets === 'true'
          ? {
              categories: [{ slug: 'coffee', name: 'Coffee & Tea', count: found.length }],
              priceBands: priceBands.map((b) => ({
                ...b,
                count: found.filter((p) => p.price.amount >= b.min && (b.max === null || p.price.amount <= b.max))
                  .length,
              })),
              inStock: found.filter((p) => p.available > 0).length,
            }
          : undefined
      return { items: found.slice((page - 1) * limit, page * limit), total: found.length, page, limit, facets }
    },
    async product(id) {
      check('products')
      return catalog.find((p) => p.id === id)
    },
    async categories() {
      check('products')
      return [
        {
          id: '10000000-0000-4000-8000-000000000001',
          slug: 'coffee',
          name: 'Coffee & Tea',
          parentId: null,
          productCount: 3,
        },
      ]
    },
    async cart(owner) {
      check('cart')
      return view(keyOf(owner))
    },
    async addToCart(owner, productId, quantity) {
      check('cart')
      check('products')
      const p = catalog.find((x) => x.id === productId)
      if (!p)
        throw new AppError('unprocessable', `Product ${productId} is not sold.`, {
          errors: [{ path: 'productId', message: 'no such product on sale' }],
        })
      const lines = cartOf(keyOf(owner))
      const total = (lines.get(productId) ?? 0) + quantity
      if (total > p.available)
        throw new AppError('conflict', `Only ${p.available} of ${p.name} available.`, {
          productId,
          available: p.available,
        })
      lines.set(productId, total)
      return view(keyOf(owner))
    },
    async setQuantity(owner, productId, quantity) {
      check('cart')
      cartOf(keyOf(owner)).set(productId, quantity)
      return view(keyOf(owner))
    },
    async removeFromCart(owner, productId) {
      check('cart')
      if (!cartOf(keyOf(owner)).delete(productId)) throw new AppError('not_found', 'Not in the cart.')
    },
    async mergeGuestCart(guestId, userId) {
      check('cart')
      calls.merge.push(guestId)
      const into = cartOf(userId)
      for (const [id, q] of cartOf(`guest:${guestId}`)) into.set(id, (into.get(id) ?? 0) + q)
      carts.delete(`guest:${guestId}`)
      return { merged: into.size, skipped: 0 }
    },
    async login(email, password) {
      check('users')
      if (accounts[email]?.password !== password) throw new AppError('unauthorized', 'Invalid e-mail or password.')
      return issue(email)
    },
    async refresh(refreshToken) {
      check('users')
      calls.refresh++
      // the users service's answer takes a moment: two requests at once would both refresh without the lock
      await Bun.sleep(20)
      const email = /^refresh-(.+)-[\w-]{36}$/.exec(refreshToken)?.[1]
      if (email && accounts[email]?.disabled)
        throw new AppError('unauthorized', 'The refresh token is not valid; sign in again.')
      return issue(email)
    },
    async logout() {
      calls.logout++
    },
    async register({ email }) {
      check('users')
      if (accounts[email])
        throw new AppError('conflict', 'An account with this e-mail already exists.', {
          errors: [{ path: 'email', message: 'already registered' }],
        })
    },
    async verify(_email, code) {
      if (code !== '123456')
        throw new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
          errors: [{ path: 'code', message: 'wrong or expired' }],
        })
    },
    async resendCode() {},
    async requestPasswordReset(email) {
      check('users')
      calls.resetRequests.push(email)
    },
    async resetPassword({ email, code, newPassword }) {
      check('users')
      const account = accounts[email]
      if (!account || code !== '654321')
        throw new AppError('unprocessable', 'The code is wrong, has expired or was used up: ask for a new one.', {
          errors: [{ path: 'code', message: 'wrong or expired' }],
        })
      tooCommon(newPassword)
      account.password = newPassword
    },
    async changePassword(token, { currentPassword, newPassword }) {
      check('users')
      const { email, password } = accountOf(token)
      if (currentPassword !== password)
        throw new AppError('validation', 'The current password is wrong.', {
          errors: [{ path: 'currentPassword', message: 'wrong' }],
        })
      tooCommon(newPassword)
      accounts[email].password = newPassword
    },
    async unsubscribe(token) {
      if (!token.startsWith('valid-'))
        throw new AppError('validation', 'This unsubscribe link is not valid or has expired.')
      calls.unsubscribed.push(token)
    },
    async me(token) {
      check('users')
      const { id, email, roles } = accountOf(token)
      return { id, email, roles, ...profileOf(id, email) }
    },
    // as users does: what is sent changes, the rest stays
    async updateMe(token, changes) {
      check('users')
      const { id, email } = accountOf(token)
      if (changes.phone && !/^\+?[0-9 ()-]{6,20}$/.test(changes.phone))
        throw new AppError('validation', 'The request is not valid.', {
          errors: [{ path: 'phone', message: 'a phone number' }],
        })
      const changed = { ...profileOf(id, email), ...changes }
      profiles.set(id, changed)
      if (id === ann.id) ann.name = changed.name
      if (changes.shippingAddress !== undefined) calls.savedAddresses.push(changes.shippingAddress)
      return shop.me(token)
    },
    async quote(_token, promoCode) {
      check('sales')
      const { subtotal, currency } = view(ann.id)
      if (promoCode !== 'SAVE10')
        throw new AppError('unprocessable', `The promotion code ${promoCode} does not exist.`, {
          errors: [{ path: 'promoCode', message: 'unknown' }],
        })
      const discount = Math.round(subtotal / 10)
      return { promoCode, subtotal, discount, total: subtotal - discount, currency }
    },
    async checkout(_token, key, body) {
      check('sales')
      calls.checkoutKeys.push(key)
      if (body.payment.cardNumber === '4000000000000002')
        throw new AppError('payment_required', 'The card was declined.', { reason: 'card_declined' })
      const cart = view(ann.id)
      // as sales answers a line no longer sold, and one products cannot reserve (which, and its counts)
      const gone = cart.items.find((line) => !catalog.find((p) => p.id === line.productId)?.active)
      if (gone)
        throw new AppError('conflict', `${gone.name} is no longer sold; remove it from your cart.`, {
          reason: 'no_longer_sold',
          productId: gone.productId,
        })
      const short = cart.items.find((line) => line.quantity > line.available)
      if (short)
        throw new AppError(
          'conflict',
          `Not enough ${short.name}: ${short.quantity} wanted, ${short.available} available.`,
          {
            reason: 'out_of_stock',
            orderId: crypto.randomUUID(),
            productId: short.productId,
            requested: short.quantity,
            available: short.available,
            held: 0,
          },
        )
      const at = new Date().toISOString()
      const order: Order = {
        id: crypto.randomUUID(),
        number: `SF-${1000 + orders.length + 1}`,
        userId: ann.id,
        customer: { name: ann.name, email: ann.email },
        status: 'paid',
        items: cart.items.map(({ productId, name, unitPrice, quantity, lineTotal }) => ({
          productId,
          sku: `SKU-${productId.slice(0, 6)}`,
          name,
          unitPrice,
          quantity,
          lineTotal,
        })),
        currency: 'USD',
        subtotal: cart.subtotal,
        discount: 0,
        total: cart.subtotal,
        promoCode: null,
        shippingAddress: body.shippingAddress ?? {
          line1: '1 Main St',
          city: 'Springfield',
          postalCode: '12345',
          country: 'US',
        },
        payment: { reference: 'pay_1', brand: 'visa', last4: body.payment.cardNumber.slice(-4) },
        trackingNumber: null,
        failure: null,
        history: [{ status: 'paid', note: null, at }],
        createdAt: at,
        updatedAt: at,
      }
      orders.push(order)
      carts.delete(ann.id)
      return order
    },
    async orders() {
      check('sales')
      return { items: orders, total: orders.length, page: 1, limit: 20 }
    },
    async order(_token, id) {
      check('sales')
      // sales takes an order's number (SF-1001) as it takes its id
      const order = orders.find((o) => o.id === id || o.number === id.toUpperCase())
      if (!order) throw new AppError('not_found', 'No such order.')
      return order
    },
    async cancelOrder(_token, id) {
      const order = orders.find((o) => o.id === id)
      if (!order) throw new AppError('not_found', 'No such order.')
      order.status = 'cancelled'
      return order
    },
    async tickets() {
      check('support')
      return { items: tickets.map(({ messages, history, ...t }) => t), total: tickets.length, page: 1, limit: 20 }
    },
    async ticket(_token, id) {
      check('support')
      const ticket = tickets.find((t) => t.id === id)
      if (!ticket) throw new AppError('not_found', 'No such ticket.')
      return ticket
    },
    async openTicket(_token, { type, subject, message, orderId }) {
      check('support')
      const order = orderId ? orders.find((o) => o.id === orderId) : undefined
      if (orderId && !order) throw new AppError('unprocessable', 'That is not one of your orders.')
      if (type === 'return' && order?.status !== 'delivered')
        throw new AppError(
          'unprocessable',
          `Order ${order?.number ?? ''} is not delivered: only delivered orders can be returned.`,
        )
      const now = new Date().toISOString()
      const ticket: Ticket = {
        id: crypto.randomUUID(),
        number: `T-${tickets.length + 1}`,
        userId: ann.id,
        customer: { name: ann.name, email: ann.email },
        type,
        subject,
        status: 'open',
        priority: 'normal',
        assigneeId: null,
        orderId: order?.id ?? null,
        orderNumber: order?.number ?? null,
        resolution: null,
        firstResponseDueAt: now,
        firstRespondedAt: null,
        overdue: false,
        rating: null,
        messages: [{ id: 1, authorId: ann.id, authorRole: 'customer', body: message, createdAt: now }],
        history: [{ kind: 'opened', detail: null, actor: ann.id, at: now }],
        createdAt: now,
        updatedAt: now,
      }
      tickets.unshift(ticket)
      return ticket
    },
    async replyToTicket(_token, id, body) {
      const ticket = await shop.ticket('', id)
      if (ticket.status === 'closed')
        throw new AppError('conflict', `Ticket ${ticket.number} is closed; open a new ticket.`)
      ticket.messages?.push({
        id: 9,
        authorId: ann.id,
        authorRole: 'customer',
        body,
        createdAt: new Date().toISOString(),
      })
    },
    async rateTicket(_token, id, { score, comment }) {
      const ticket = await shop.ticket('', id)
      if (ticket.status !== 'resolved')
        throw new AppError('conflict', `Ticket ${ticket.number} is ${ticket.status}; rate it once it is resolved.`)
      ticket.rating = { score, comment: comment ?? null, at: new Date().toISOString() }
    },
  }
  /** An order of Ann's in the given state (two of the first product, shipping to Springfield), as sales would answer it. */
  const orderIn = (status: Order['status']): Order => {
    const at = new Date().toISOString()
    const first = catalog[0]
    const order: Order = {
      id: crypto.randomUUID(),
      number: `SF-${2000 + orders.length}`,
      userId: ann.id,
      customer: { name: ann.name, email: ann.email },
      status,
      items: [{ productId: first.id, sku: first.sku, name: first.name, unitPrice: 1000, quantity: 2, lineTotal: 2000 }],
      currency: 'USD',
      subtotal: 2000,
      discount: 0,
      total: 2000,
      promoCode: null,
      shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      payment: status === 'failed' ? null : { reference: 'pay_test', brand: 'visa', last4: '4242' },
      trackingNumber: null,
      // a failed one, as sales keeps a checkout products could not reserve
      failure:
        status === 'failed'
          ? {
              reason: 'out_of_stock',
              detail: `Not enough ${first.name} (${first.sku}): 2 wanted, 1 available.`,
              productId: first.id,
              requested: 2,
              available: 1,
              held: 0,
            }
          : null,
      history: [{ status, note: null, at }],
      createdAt: at,
      updatedAt: at,
    }
    orders.push(order)
    return order
  }
  return {
    shop,
    orderIn,
    newAccount,
    issuer,
    catalog,
    ann,
    carts,
    orders,
    tickets,
    down,
    calls,
    /** An admin changes the account as users does: the access tokens issued so far are revoked. */
    administer(email: string, change: { roles?: string[]; disabled?: boolean }) {
      const account = present(accounts[email], `the account ${email}`)
      Object.assign(account, change, { version: (account.version ?? 0) + 1 })
      issuer.revoke(account.id, account.version ?? 0)
    },
    setAccessTtl: (seconds: number) => {
      accessTtl = seconds
    },
  }
}

/** The web app under the kit's test harness, with a shop of the test's own at its seam (whose users' tokens it trusts). */
export async function startWeb() {
  const fake = await fakeShop()
  const office = fakeStaff(fake)
  const service = await startServiceUnderTest({
    name: 'web',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    poolMax: 10,
    issuer: fake.issuer,
    createApp: (deps) => createApp({ ...deps, shop: fake.shop, staff: office.staff }),
  })
  const { app, sql, send } = service
  return { app, sql, send, ...fake, office: office.calls, browser: () => browserOf(app) }
}

/**
 * A browser of the test's own over `app.request()`: it keeps cookies, sends forms with the
 * page's CSRF token, and reads pages as text.
 */
function browserOf(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  const cookies = new Map<string, string>()
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, value] = pair.split('=')
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return res
  }
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const get = async (path: string, headers: Record<string, string> = {}) =>
    remember(await app.request(path, { headers: { cookie: cookieHeader(), ...headers } }))
  const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
    // the token the pages put in every form: the browser's CSRF cookie
    if (!cookies.has('sf_csrf')) await get('/cart')
    const body = new URLSearchParams({ _csrf: cookies.get('sf_csrf') ?? '', ...form })
    return remember(
      await app.request(path, {
        method: 'POST',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      }),
    )
  }
  /** Where an answer sends the browser on; the test fails if it is no redirect. */
  const redirectOf = (res: Response) => present(res.headers.get('location'), `a redirect, not a ${res.status}`)
  /** Follows a redirect as a browser does. */
  const follow = (res: Response) => get(redirectOf(res))
  return { get, post, follow, redirectOf, cookies, text: async (res: Response) => await res.text() }
}
