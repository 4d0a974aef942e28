/**
 * `bun run bench:web`: the storefront's pages through the gateway, as 50 shoppers browse:
 * each opens the home page, a search and a product page in turn, one page every 250 ms
 * (200 pages/s in all, open loop: a slow answer does not slow the next request, and each
 * latency counts from when the request was due). Target: p99 under 50 ms per page. Then
 * each page's weight (HTML + CSS + JS, before images): target under 100 KB. 127.0.0.1
 * only; stops everything it started.
 */
import { startPlatform } from '@shopfront/e2e/platform'
import { percentile } from './load.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const shoppers = 50
const everyMs = 250
const platform = await startPlatform({
  apps: ['gateway', 'products', 'cart', 'users', 'web'],
  overrides: {
    'gateway-bench.yml':
      'gateway:\n  rateLimits:\n    web: { anonymous: 1000000000, user: 1000000000, windowSeconds: 60 }\n',
  },
})

try {
  const base = platform.gatewayUrl
  // a product id from the demo catalog, once it is loaded
  let productPath = ''
  for (let i = 0; i < 100 && !productPath; i++) {
    const html = await (await fetch(`${base}/products?q=espresso`)).text()
    productPath = /href="(\/products\/[\w-]{36})"/.exec(html)?.[1] ?? ''
    if (!productPath) await Bun.sleep(100)
  }
  if (!productPath) throw new Error('the demo catalog did not load')
  const pages = { home: '/', search: '/products?q=coffee&sort=price_asc', product: productPath }
  const names = Object.keys(pages) as (keyof typeof pages)[]
  const timings = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof pages, number[]>
  let errors = 0

  // warm up: connections, the JIT, the category cache
  for (let i = 0; i < 600; i++) await (await fetch(base + pages[names[i % 3]!])).arrayBuffer()

  const start = performance.now() + 50
  const end = start + seconds * 1000
  await Promise.all(
    Array.from({ length: shoppers }, async (_, shopper) => {
      // shoppers start spread over one interval
      let due = start + (shopper * everyMs) / shoppers
      let step = shopper
      const inFlight: Promise<void>[] = []
      while (due < end) {
        const wait = due - performance.now()
        if (wait > 0) await Bun.sleep(wait)
        const name = names[step++ % names.length]!
        const scheduled = due
        inFlight.push(
          fetch(base + pages[name]).then(
            async (res) => {
              await res.arrayBuffer()
              if (res.status !== 200) errors++
              timings[name].push(performance.now() - scheduled)
            },
            () => {
              errors++
            },
          ),
        )
        due += everyMs
      }
      await Promise.all(inFlight)
    }),
  )

  console.log(
    `storefront through the gateway: ${shoppers} shoppers, a page every ${everyMs} ms each (${(shoppers * 1000) / everyMs} pages/s), ${seconds} s, ${errors} errors`,
  )
  for (const name of names) {
    const sorted = timings[name].sort((a, b) => a - b)
    const p99 = percentile(sorted, 99)
    console.log(
      `  ${name.padEnd(8)} ${sorted.length} pages: p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target p99 under 50 ms: ${p99 < 50 ? 'met' : 'NOT met'})`,
    )
  }

  // weight: the HTML and every stylesheet and script it loads, as sent (before images)
  for (const name of names) {
    const html = await (await fetch(base + pages[name])).text()
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:css|js)[^"]*)"/g)].map((m) => m[1]!)
    let bytes = new TextEncoder().encode(html).length
    for (const asset of assets)
      bytes += (await (await fetch(base + asset.replaceAll('&amp;', '&'))).arrayBuffer()).byteLength
    const kb = bytes / 1024
    console.log(
      `  ${name.padEnd(8)} weight ${kb.toFixed(1)} KB (HTML + ${assets.length} CSS/JS files; target under 100 KB: ${kb < 100 ? 'met' : 'NOT met'})`,
    )
  }
} finally {
  await platform.stop()
}
