/**
 * The upstream the gateway benchmark proxies to: a small JSON answer, like a catalog page,
 * with the headers every Shopfront service's answer carries (the kit's security headers).
 * With CONSUL_HTTP_ADDR it registers itself as `bench-upstream`, so the gateway finds it.
 */
import { createConsul, registerService, securityHeaders } from '@shopfront/kit'

const items = Array.from({ length: 10 }, (_, i) => ({
  id: `p-${i}`,
  name: `Product ${i}`,
  price: { amount: 1999 + i, currency: 'USD' },
  available: 10,
}))
const body = JSON.stringify({ items, total: 10, page: 1, limit: 10 })
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  fetch: (req) =>
    new URL(req.url).pathname === '/health/live'
      ? new Response('ok')
      : new Response(body, { headers: [['content-type', 'application/json'], ...securityHeaders] }),
})
if (process.env.CONSUL_HTTP_ADDR) {
  const consul = createConsul(process.env.CONSUL_HTTP_ADDR)
  await registerService({
    consul,
    name: 'bench-upstream',
    address: '127.0.0.1',
    port: server.port!,
    checkPath: '/health/live',
    interval: '1s',
  })
}
console.log(`ready ${server.port}`)
process.on('SIGTERM', () => process.exit(0))
