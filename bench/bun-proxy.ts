/**
 * The floor for any proxy written on Bun, for the gateway benchmark: Bun.serve and fetch
 * with nothing else, round robin over two upstreams, the upstream's answer returned as it
 * is with one header set (the gateway sets the request id). What the gateway adds on top
 * (routing, breakers, auth, limits, headers, metric, log line) is the difference.
 */
const upstreams = (process.env.UPSTREAMS ?? '').split(',')
let next = 0
const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: '127.0.0.1',
  async fetch(req) {
    const url = req.url
    const res = await fetch(upstreams[next++ % upstreams.length] + url.slice(url.indexOf('/', url.indexOf('//') + 2)), {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
    })
    res.headers.set('x-request-id', crypto.randomUUID())
    return res
  },
})
console.log(`ready ${server.port}`)
process.on('SIGTERM', () => process.exit(0))
