import { createBreakers, createServiceClient, createStaticDiscovery, listen } from '@shopfront/kit'
import { productsOverHttp } from '@shopfront/cart/neighbours'
import { startCart } from '@shopfront/cart/testing'
import { startProducts } from '@shopfront/products/testing'
import { startSales } from '@shopfront/sales/testing'
import { startSupport } from '@shopfront/support/testing'
import { signedInCustomer, startUsersWithInbox } from '@shopfront/users/testing'
import { present } from '@shopfront/kit/testing'
import { afterAll } from 'vitest'
import { fakeStaff } from '../admin/fake-staff.ts'
import { type Staff, staffOverHttp } from '../admin/staff.ts'
import { fakeShop } from '../testing.ts'
import { type Shop, shopOverHttp } from './shop.ts'

/**
 * The shop as the web app's pages see it, set up for one scenario: the fake the page tests
 * use, or the real HTTP adapter (`shopOverHttp`) against the real products, cart and users
 * apps. The same scenarios run on both, so the fake cannot drift from the services: the
 * statuses, codes and fields the pages branch on are the services' own. The back office's
 * fake (`staff`, on behalf of an admin's `adminToken`) is held to the real catalog the same way.
 */
export interface World {
  shop: Shop
  staff: Staff
  adminToken: string
  /** A product on sale with this many available: its id. */
  productWith(available: number): Promise<string>
  /** A category with products on sale, one with each of these many available: its slug and their ids. */
  categoryWith(available: number[]): Promise<{ slug: string; ids: string[] }>
  /** An account that can sign in. */
  account(): Promise<{ email: string; password: string }>
  /** The code of the password reset just asked for. */
  resetCode(email: string): Promise<string>
  /** The code e-mailed to verify the address just registered. */
  verifyCode(email: string): Promise<string>
  /** A shopper with one product in the cart: their access token (sales and support read it). */
  shopper(): Promise<string>
  /** A shopper whose cart holds 5 of a product with 3 available: their token and the product. */
  shortShopper(): Promise<{ token: string; productId: string }>
  /** A shopper whose cart holds a product no longer sold: their token and the product. */
  staleShopper(): Promise<{ token: string; productId: string }>
  /** An order of the shopper's in this state, as support finds it: its id, and its one product's (bought once at least). */
  orderIn(token: string, status: 'paid' | 'delivered'): Promise<{ id: string; productId: string }>
}

/** A token as the ports take it: without its `Bearer ` (the harnesses sign Authorization headers). */
export const bare = (authorization: string) => authorization.replace(/^Bearer /, '')

/**
 * The shop's and the back office's ports over HTTP to one real service's app, on a port of
 * its own until the test file ends: the real world of a contract test about that service alone.
 */
export function portsToOne(service: string, app: Parameters<typeof listen>[0]) {
  const server = listen(app, { port: 0 })
  afterAll(() => server.stop(true))
  const discovery = createStaticDiscovery({ [service]: [server.url] })
  const client = (name: string) => createServiceClient({ service: name, discovery, breakers: createBreakers() })
  return { shop: shopOverHttp(client), staff: staffOverHttp(client, () => '') }
}

/** The shop's and the back office's ports over the fake shop: the fake world of a contract test, and the fake to set it up. */
export async function fakePorts() {
  const fake = await fakeShop()
  return { fake, shop: fake.shop, staff: fakeStaff(fake).staff }
}

export async function fakeWorld(): Promise<World> {
  const { fake, shop, staff } = await fakePorts()
  const productWith = async (available: number) => {
    const product = fake.catalog.find((p) => p.available === available)
    if (!product) throw new Error(`the fake's catalog has no product with ${available} available`)
    return product.id
  }
  return {
    shop,
    staff,
    adminToken: 'any (the fake asks no token)',
    productWith,
    // the fake's catalog is one category's
    categoryWith: async (available) => ({ slug: 'coffee', ids: await Promise.all(available.map(productWith)) }),
    account: async () => fake.newAccount(),
    resetCode: async () => '654321',
    verifyCode: async () => '123456',
    // the fake's one shopper is Ann (its orders and tickets are hers, whatever the token)
    async shopper() {
      const { accessToken } = await fake.shop.login(fake.ann.email, 'correct-horse')
      fake.carts.delete(fake.ann.id)
      await fake.shop.addToCart({ accessToken }, await productWith(40), 1)
      return accessToken
    },
    async shortShopper() {
      const { accessToken } = await fake.shop.login(fake.ann.email, 'correct-horse')
      const productId = await productWith(3)
      fake.carts.set(fake.ann.id, new Map([[productId, 5]]))
      return { token: accessToken, productId }
    },
    async staleShopper() {
      const { accessToken } = await fake.shop.login(fake.ann.email, 'correct-horse')
      // a product of the fake's own, taken off sale (the catalog's others stay as they are)
      const gone = {
        ...present(fake.catalog[0], "the catalog's first product"),
        id: crypto.randomUUID(),
        active: false,
      }
      fake.catalog.push(gone)
      fake.carts.set(fake.ann.id, new Map([[gone.id, 1]]))
      return { token: accessToken, productId: gone.id }
    },
    async orderIn(_token, status) {
      const { id, items } = fake.orderIn(status)
      return { id, productId: present(items[0], 'the order’s item').productId }
    },
  }
}

async function realWorld(): Promise<World> {
  const products = await startProducts()
  const productsServer = listen(products.app, { port: 0 })
  const toProducts = createStaticDiscovery({ products: [productsServer.url] })
  const cart = await startCart(
    productsOverHttp(
      createServiceClient({
        service: 'products',
        discovery: toProducts,
        breakers: createBreakers(),
        credentials: () => products.as.cart,
      }),
    ),
  )
  const cartServer = listen(cart.app, { port: 0 })
  const users = await startUsersWithInbox()
  const usersServer = listen(users.app, { port: 0 })
  // sales and support with their own neighbours at their seams (held to the real ones by their own contract tests)
  const sales = await startSales()
  const salesServer = listen(sales.app, { port: 0 })
  const support = await startSupport()
  const supportServer = listen(support.app, { port: 0 })
  afterAll(async () => {
    const servers = [cartServer, productsServer, usersServer, salesServer, supportServer]
    await Promise.all(servers.map((server) => server.stop(true)))
    await users.close()
  })
  const discovery = createStaticDiscovery({
    products: [productsServer.url],
    cart: [cartServer.url],
    users: [usersServer.url],
    sales: [salesServer.url],
    support: [supportServer.url],
  })
  // each harness signs its own test tokens: a shopper's sales token, with who they are and
  // the token support trusts for them
  const shoppers = new Map<string, { id: string; support: string }>()
  // the web app's own service token, as cart knows it (guest carts are the web app's)
  const credentials: Record<string, string> = { cart: cart.as.web }
  const overHttp = shopOverHttp((service) =>
    createServiceClient({ service, discovery, breakers: createBreakers(), credentials: () => credentials[service] }),
  )
  // the same shop, with a shopper's sales token swapped for support's where support is asked
  const forSupport = (token: string) => shoppers.get(token)?.support ?? token
  const shop: Shop = {
    ...overHttp,
    tickets: (token, page) => overHttp.tickets(forSupport(token), page),
    ticket: (token, id) => overHttp.ticket(forSupport(token), id),
    openTicket: (token, ticket) => overHttp.openTicket(forSupport(token), ticket),
    replyToTicket: (token, id, body) => overHttp.replyToTicket(forSupport(token), id, body),
    rateTicket: (token, id, rating) => overHttp.rateTicket(forSupport(token), id, rating),
  }
  const staffHttp = staffOverHttp(
    (service) => createServiceClient({ service, discovery, breakers: createBreakers() }),
    () => '',
  )
  // the admin's token as sales' harness signs it, where sales is asked
  const salesAdmin = bare(await sales.token('admin-1', ['admin']))
  // and an admin's of the real users, signed in there
  const usersAdminEmail = `admin-${crypto.randomUUID().slice(0, 8)}@example.com`
  await signedInCustomer(users, usersAdminEmail)
  await users.database.sql`update users set roles = '{customer,admin}' where email = ${usersAdminEmail}`
  const usersAdmin = (await signedInCustomer(users, usersAdminEmail)).accessToken as string
  const staff: Staff = {
    ...staffHttp,
    orderStats: (_token, from, to, tz) => staffHttp.orderStats(salesAdmin, from, to, tz),
    salesReport: (_token, period) => staffHttp.salesReport(salesAdmin, period),
    importCustomers: (_token, rows, invite) => staffHttp.importCustomers(usersAdmin, rows, invite),
    users: (_token, query) => staffHttp.users(usersAdmin, query),
    deleteUser: (_token, id) => staffHttp.deleteUser(usersAdmin, id),
    orders: (_token, query) => staffHttp.orders(salesAdmin, query),
    order: (_token, id) => staffHttp.order(salesAdmin, id),
  }
  return {
    shop,
    staff,
    adminToken: products.as.admin.replace(/^Bearer /, ''),
    async productWith(available) {
      const sku = `W-${crypto.randomUUID().slice(0, 8)}`
      const body = { sku, name: sku, price: { amount: 700, currency: 'USD' }, stock: available }
      const made = await products.send('POST', '/api/products', { body, auth: products.as.admin })
      if (made.status !== 201) throw new Error(`create product: ${made.status} ${made.text}`)
      return made.body.id as string
    },
    async categoryWith(available) {
      const slug = `w-${crypto.randomUUID().slice(0, 8)}`
      const category = await products.send('POST', '/api/categories', {
        body: { slug, name: slug },
        auth: products.as.admin,
      })
      if (category.status !== 201) throw new Error(`create category: ${category.status} ${category.text}`)
      const ids = []
      for (const stock of available) {
        const sku = `W-${crypto.randomUUID().slice(0, 8)}`
        const body = { sku, name: sku, price: { amount: 700, currency: 'USD' }, stock, categoryId: category.body.id }
        const made = await products.send('POST', '/api/products', { body, auth: products.as.admin })
        if (made.status !== 201) throw new Error(`create product: ${made.status} ${made.text}`)
        ids.push(made.body.id as string)
      }
      return { slug, ids }
    },
    account: () => users.verifiedUser(`w-${crypto.randomUUID().slice(0, 8)}@example.com`),
    resetCode: (email) => users.codeFor(email),
    verifyCode: (email) => users.codeFor(email),
    async shopper() {
      const id = crypto.randomUUID()
      sales.fake.customer(id, { [sales.fake.addProduct({ onHand: 40, unitPrice: 700 })]: 1 })
      const token = bare(await sales.token(id, ['customer']))
      shoppers.set(token, { id, support: bare(await support.token(id)) })
      return token
    },
    async shortShopper() {
      const id = crypto.randomUUID()
      const productId = sales.fake.addProduct({ onHand: 3, unitPrice: 700 })
      sales.fake.customer(id, { [productId]: 5 })
      return { token: bare(await sales.token(id, ['customer'])), productId }
    },
    async staleShopper() {
      const id = crypto.randomUUID()
      const productId = sales.fake.addProduct({ onHand: 3, unitPrice: 700, active: false })
      sales.fake.customer(id, { [productId]: 1 })
      return { token: bare(await sales.token(id, ['customer'])), productId }
    },
    async orderIn(token, status) {
      const shopper = shoppers.get(token)
      if (!shopper) throw new Error('not a shopper of this world')
      const id = support.fake.order(shopper.id, status)
      return { id, productId: present(support.fake.orders.get(id)?.items[0], 'the order’s item').productId }
    },
  }
}

// the real services start once for both blocks
let real: Promise<World> | undefined
export const realOnce = () => {
  real ??= realWorld()
  return real
}
