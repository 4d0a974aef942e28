/**
 * `bun run bench:report`: the back office's sales report over a shop's year of orders.
 * Sales' database is filled with BENCH_ORDERS orders (100,000 by default; 2,000 for the
 * suite's smoke run, BENCH_SMOKE) spread over the last 365 days, 1 to 3 lines each from
 * 200 products, most of them paid for, some cancelled or failed. Then the report of the
 * last 30 days and of the whole year is asked for through the gateway, one request after
 * another, for BENCH_SECONDS each, and checked against the orders (every placed order in
 * the year's). 127.0.0.1 only; stops everything it started.
 */
import postgres from 'postgres'
import { percentile } from './load.ts'
import { startPlatform } from '@shopfront/e2e/platform'
import { dbUrl, shopClient } from '@shopfront/e2e/shop'
import { addDays, today } from '@shopfront/kit'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const orderCount = Number(process.env.BENCH_ORDERS ?? (process.env.BENCH_SMOKE ? 2_000 : 100_000))
const platform = await startPlatform({
  apps: ['gateway', 'users', 'sales'],
  inbox: true,
  overrides: {
    'gateway-bench.yml':
      'gateway:\n  rateLimits:\n    default: { anonymous: 1000000000, user: 1000000000, windowSeconds: 60 }\n',
  },
})

try {
  const shop = shopClient(platform)
  const admin = await shop.admin()
  const sales = postgres(dbUrl(platform, 'sales'), { max: 1, onnotice: () => {} })
  const filling = performance.now()
  // a year of orders, most paid for (each status its share), with 1 to 3 lines from 200 products
  await sales`
    with made as (
      insert into orders (id, number, user_id, email, customer_name, status, step, currency, subtotal, total,
        shipping_address, idempotency_key, request_hash, lease_until, cart_emptied, created_at)
      select gen_random_uuid(), 'SF-B' || i, 'bench-' || (i % 5000), 'bench-' || (i % 5000) || '@example.com',
        'Bench Shopper', (array['paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'failed'])[1 + i % 7],
        'done', 'USD', 2599, 2599, '{}', 'bench-' || i, 'bench', now(), true,
        now() - (i % 365) * interval '1 day' - (i * 7919 % 86400) * interval '1 second'
      from generate_series(1, ${orderCount}) i
      returning id, number
    )
    insert into order_lines (order_id, product_id, sku, name, unit_price, quantity, line_total)
    select m.id, ('00000000-0000-4000-8000-' || lpad(p::text, 12, '0'))::uuid, 'B-' || p, 'Bench product ' || p, 2599, 1, 2599
    from made m
    cross join generate_series(1, 1 + abs(hashtext(m.number)) % 3) k
    cross join lateral (select (abs(hashtext(m.number)) + k * 37) % 200 as p) chosen`
  await sales`analyze orders; analyze order_lines`.simple()
  const [{ placed, lines }] = await sales`
    select count(*) filter (where status <> 'failed')::int as placed,
      (select count(*)::int from order_lines) as lines
    from orders where created_at > now() - interval '400 days'`
  await sales.end()
  console.log(
    `sales report benchmark: ${orderCount.toLocaleString('en-US')} orders (${lines.toLocaleString('en-US')} lines) over 365 days, filled in ${((performance.now() - filling) / 1000).toFixed(1)} s`,
  )

  const tz = 'Europe/Berlin'
  const now = today(tz)
  const ask = (days: number) =>
    shop.call('GET', `/api/orders/report?from=${addDays(now, 1 - days)}&to=${now}&tz=${tz}`, { token: admin })
  // warm-up: the path compiled and the pools open
  for (let i = 0; i < 3; i++) await ask(30)

  const measure = async (days: number, targetMs: number) => {
    const latencies: number[] = []
    let last: Awaited<ReturnType<typeof ask>> | undefined
    const deadline = performance.now() + seconds * 1000
    while (performance.now() < deadline || latencies.length < 5) {
      const started = performance.now()
      last = await ask(days)
      latencies.push(performance.now() - started)
      if (last.status !== 200) throw new Error(`report: ${last.status} ${JSON.stringify(last.body)}`)
    }
    latencies.sort((a, b) => a - b)
    const [p50, p99] = [percentile(latencies, 50), percentile(latencies, 99)]
    console.log(
      `the last ${days} days (${days} rows, 10 best sellers): ${latencies.length} reports, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target p99 under ${targetMs} ms: ${p99 < targetMs ? 'met' : 'NOT met'})`,
    )
    return last?.body as { orders: number; days: unknown[]; bestSellers: unknown[] }
  }
  // a back-office page, not a shopper's request: it reads every line of the period (bench/README.md)
  const month = await measure(30, 100)
  const year = await measure(366, 300)
  if (year.days.length !== 366 || year.bestSellers.length !== 10 || year.orders !== placed || month.orders > placed)
    console.log(`INCONSISTENT: the year's report counts ${year.orders} placed orders, the database ${placed}`)
  else console.log(`the year's report counts every one of the ${placed.toLocaleString('en-US')} placed orders`)
} finally {
  await platform.stop()
}
