/**
 * `bun run bench:checkout`: complete checkouts per second through the gateway, with the
 * whole chain real (gateway, users, cart, products, sales, the payment sandbox, the mail
 * inbox). Each virtual shopper repeats: put a product in the cart, check out with 4242.
 * Then a rush: every shopper at once for the last units of one product. After each run:
 * the oversell check (stock, reservations and paid orders agree) and the exactly-one-e-mail
 * check (one confirmation per paid order, in the inbox). 127.0.0.1 only; stops everything.
 */
import postgres from 'postgres'
import { percentile } from './load.ts'
import { startPlatform } from '@shopfront/e2e/platform'
import { dbUrl, shopClient } from '@shopfront/e2e/shop'
import { until } from '@shopfront/kit/testing'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16)
const platform = await startPlatform({
  apps: ['gateway', 'users', 'products', 'cart', 'sales'],
  inbox: true,
  sandbox: true,
  overrides: {
    'products-bench.yml': 'catalog:\n  demo: false\ndatabase:\n  poolMax: 20\n',
    'sales-bench.yml': 'database:\n  poolMax: 20\n',
    'gateway-bench.yml':
      'gateway:\n  rateLimits:\n    default: { anonymous: 1000000000, user: 1000000000, windowSeconds: 60 }\n',
  },
})
const card = { cardNumber: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' }

try {
  const shop = shopClient(platform)
  const admin = await shop.admin()
  const shoppers = await shop.shoppers(Math.max(concurrency, 100), 'bench')
  const stock = 1_000_000
  const productId = await shop.createProduct(admin, { stock, price: 2599, name: 'Bench Lamp' })
  const products = postgres(dbUrl(platform, 'products'), { max: 2, onnotice: () => {} })
  const sales = postgres(dbUrl(platform, 'sales'), { max: 2, onnotice: () => {} })

  const buy = async (token: string, id: string) => {
    await shop.call('POST', '/api/cart/items', { token, body: { productId: id, quantity: 1 } })
    const started = performance.now()
    const res = await shop.call('POST', '/api/checkout', {
      token,
      body: { payment: card },
      headers: { 'idempotency-key': crypto.randomUUID() },
    })
    return { status: res.status, ms: performance.now() - started, reason: res.body?.reason as string | undefined }
  }

  // warm-up: every path compiled and every pool open
  await Promise.all(shoppers.slice(0, 4).map((s) => buy(s.token, productId)))
  const latencies: number[] = []
  const failures = new Map<string, number>()
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    shoppers.slice(0, concurrency).map(async ({ token }) => {
      while (performance.now() < deadline) {
        const r = await buy(token, productId)
        if (r.status === 201) latencies.push(r.ms)
        else failures.set(`${r.status} ${r.reason ?? ''}`, (failures.get(`${r.status} ${r.reason ?? ''}`) ?? 0) + 1)
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  console.log(
    `checkout benchmark: ${concurrency} shoppers in a loop (add to cart, check out with 4242) for ${seconds} s, through the gateway`,
  )
  console.log(
    `  ${(latencies.length / elapsed).toFixed(1)} complete checkouts/s; checkout p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ${latencies.length} paid, ${[...failures.values()].reduce((a, b) => a + b, 0)} failed${failures.size ? ` (${[...failures].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''}`,
  )

  const [row] = await products`select on_hand, reserved from products where id = ${productId}`
  const [sold] =
    await sales`select coalesce(sum(l.quantity), 0)::int as n from orders o join order_lines l on l.order_id = o.id where o.status = 'paid' and l.product_id = ${productId}`
  const ok = row!.reserved === 0 && row!.on_hand === stock - sold!.n
  console.log(
    `  oversell check: ${sold!.n} units paid, stock ${stock} -> ${row!.on_hand}, ${row!.reserved} reserved: ${ok ? 'consistent' : 'INCONSISTENT'}`,
  )

  // the rush: every shopper at once for the last 25 units
  const hot = await shop.createProduct(admin, { stock: 25, name: 'Last Lamp' })
  const rushStarted = performance.now()
  const rush = await Promise.all(shoppers.map((s) => buy(s.token, hot)))
  const rushMs = performance.now() - rushStarted
  const paid = rush.filter((r) => r.status === 201).length
  const soldOut = rush.filter((r) => r.status === 409 && r.reason === 'out_of_stock').length
  const [hotRow] = await products`select on_hand, reserved from products where id = ${hot}`
  console.log(
    `rush: ${shoppers.length} shoppers for the last 25 units in ${(rushMs / 1000).toFixed(1)} s: ${paid} paid, ${soldOut} told out of stock, ${shoppers.length - paid - soldOut} other; stock left ${hotRow!.on_hand}, reserved ${hotRow!.reserved} (${paid === 25 && hotRow!.on_hand === 0 && hotRow!.reserved === 0 ? 'never oversold' : 'OVERSOLD OR SHORT'})`,
  )

  // exactly one confirmation per paid order
  const orders = await sales`select number from orders where status = 'paid'`
  await until(
    async () => (await sales`select count(*)::int as n from mail_outbox where status = 'pending'`)[0]!.n === 0,
    { timeoutMs: 120_000, what: 'the outbox drained' },
  )
  const subjects = new Map<string, number>()
  // MailHog's API pages by at most 250
  for (let start = 0, total = 1; start < total; start += 250) {
    const page = (await (await fetch(`${platform.inboxUrl}/api/v2/messages?start=${start}&limit=250`)).json()) as any
    total = page.total
    for (const m of page.items)
      subjects.set(m.Content.Headers.Subject[0], (subjects.get(m.Content.Headers.Subject[0]) ?? 0) + 1)
  }
  const once = orders.filter((o) => subjects.get(`Your Shopfront order ${o.number}`) === 1).length
  console.log(
    `  e-mail check: ${orders.length} paid orders, ${once} with exactly one confirmation in the inbox (${once === orders.length ? 'exact' : 'MISSING OR DOUBLED'})`,
  )
  await products.end()
  await sales.end()
} finally {
  await platform.stop()
}
