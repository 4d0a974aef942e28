import postgres from 'postgres'
import { until } from '@shopfront/kit/testing'
import type { Message } from '@shopfront/mail-inbox/store'
import type { Platform } from './platform.ts'

export interface Answer {
  status: number
  headers: Headers
  body: any
}

/**
 * A REST client of the platform through its gateway, as a shop's front end would be,
 * with the helpers end-to-end tests share: sign-up with the code from the inbox, the
 * first admin, products, shoppers in bulk.
 */
export function shopClient(platform: Platform) {
  const call = async (
    method: string,
    path: string,
    {
      body,
      token,
      headers = {},
      base = platform.gatewayUrl,
    }: { body?: unknown; token?: string; headers?: Record<string, string>; base?: string } = {},
  ): Promise<Answer> => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
  }

  /** The messages the inbox holds for an address, newest first (MailHog's search API). */
  const mailTo = async (email: string) =>
    (
      (await (
        await fetch(`${platform.inboxUrl}/api/v2/search?kind=to&query=${encodeURIComponent(email)}&limit=250`)
      ).json()) as { items: Message[] }
    ).items

  /** The newest message to `email` whose subject matches (a string: the whole subject), once it has come. */
  const mailAbout = async (email: string, subject: RegExp | string, timeoutMs = 15_000) => {
    const matches = (s = '') => (typeof subject === 'string' ? s === subject : subject.test(s))
    let found: Message | undefined
    await until(
      async () => (found = (await mailTo(email)).find((m) => matches(m.Content.Headers.Subject?.[0]))) !== undefined,
      { timeoutMs, what: `an e-mail to ${email} about ${subject}` },
    )
    return found as Message
  }

  const login = async (email: string, password: string, base?: string) => {
    const res = await call('POST', '/api/auth/login', { body: { email, password }, base })
    if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.accessToken as string
  }

  return {
    call,
    mailTo,
    mailAbout,
    login,
    /** The first admin of the development settings (users creates it just after it starts). */
    async admin() {
      let token = ''
      await until(
        async () => (token = await login('admin@shopfront.dev', 'shopfront-admin-dev').catch(() => '')) !== '',
        { timeoutMs: 10_000, what: 'the first admin' },
      )
      return token
    },

    /** A newcomer's way in: register, the code from the e-mail, verify, sign in. */
    async signUp(email: string, password = 'a long first password') {
      const registered = await call('POST', '/api/auth/register', {
        body: { email, password, name: email.split('@')[0] },
      })
      if (registered.status !== 201)
        throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`)
      const mail = await mailAbout(email, /code: \d{6}/, 10_000)
      const code = /code: (\d{6})/.exec(mail.Content.Headers.Subject?.[0] ?? '')?.[1]
      expectStatus(await call('POST', '/api/auth/verify', { body: { email, code } }), 200)
      return login(email, password)
    },

    async createProduct(
      adminToken: string,
      { stock, price = 1500, name = 'E2E Lamp' }: { stock: number; price?: number; name?: string },
    ) {
      const res = await call('POST', '/api/products', {
        token: adminToken,
        body: { sku: `E2E-${crypto.randomUUID().slice(0, 8)}`, name, price: { amount: price, currency: 'USD' }, stock },
      })
      expectStatus(res, 201)
      return res.body.id as string
    },

    /** A shopper's order of `items` (product id: quantity), through the cart and checkout with the sandbox's test card that pays. */
    async buy(token: string, items: Record<string, number>) {
      for (const [productId, quantity] of Object.entries(items))
        expectStatus(await call('POST', '/api/cart/items', { token, body: { productId, quantity } }), 201)
      const order = await call('POST', '/api/checkout', {
        token,
        headers: { 'idempotency-key': crypto.randomUUID() },
        body: { payment: { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' } },
      })
      expectStatus(order, 201)
      return order.body as { id: string; number: string; total: number }
    },

    /**
     * `count` verified customers with a saved address, written straight into users'
     * database (sign-up is not what these tests are about), then signed in through the
     * gateway (its `signin` class counts only wrong tries, so a hundred from one address go,
     * a few at a time).
     */
    async shoppers(count: number, prefix = 'shopper') {
      const password = 'shopper password 1'
      // made here, not signed up: a hash of test data at the least cost (a sign-in verifies at the
      // hash's own cost, and what follows measures and checks shopping, not signing in)
      const hash = await Bun.password.hash(password, { algorithm: 'argon2id', memoryCost: 1024, timeCost: 1 })
      const sql = postgres(dbUrl(platform, 'users'), { max: 1, onnotice: () => {} })
      const run = crypto.randomUUID().slice(0, 6)
      const emails = Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}@example.com`)
      const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' }
      await sql`INSERT INTO users ${sql(emails.map((email) => ({ email, password_hash: hash, name: email.split('@')[0]!, email_verified_at: new Date(), shipping_address: sql.json(address) })))}`
      await sql.end()
      // five at a time: each counts against the address while it is under way (the class's 10)
      const tokens: string[] = []
      for (let i = 0; i < emails.length; i += 5)
        tokens.push(...(await Promise.all(emails.slice(i, i + 5).map((e) => login(e, password)))))
      return emails.map((email, i) => ({ email, token: tokens[i]! }))
    },
  }
}

/** The URL of an app's own database on the platform's server. */
export function dbUrl(platform: Platform, app: string) {
  const url = new URL(platform.databaseUrl)
  url.pathname = `/${platform.databaseName(app)}`
  return url.toString()
}

export function expectStatus(answer: Answer, status: number) {
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`)
}
