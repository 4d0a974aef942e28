/**
 * `bun run bench`: the development registry's hot paths, on 127.0.0.1 only, bounded in
 * count and time. Prints how fast a blocking query wakes after a change (the discovery
 * watch's latency) and how many health queries per second it answers.
 */
import Consul from 'consul'
import { listen } from '@shopfront/kit'
import { createRegistryApp } from '@shopfront/registry'

const registry = createRegistryApp()
const server = listen(registry.app, { port: 0 })
const consul: any = new Consul({ host: '127.0.0.1', port: server.port })
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

for (let i = 0; i < 20; i++)
  await consul.agent.service.register({
    name: 'catalog',
    id: `catalog-${i}`,
    port: 9000 + i,
    check: { ttl: '1h', status: 'passing' },
  })

// wake latency: a watcher blocks on the service, a TTL flip changes it, we time the answer
const wakes: number[] = []
for (let i = 0; i < 200; i++) {
  const first = await fetch(`${server.url}/v1/health/service/catalog?passing`)
  const index = first.headers.get('x-consul-index')
  const pending = fetch(`${server.url}/v1/health/service/catalog?passing&index=${index}&wait=10s`)
  await Bun.sleep(2)
  const changed = performance.now()
  // fail then pass the same check, so every step is a real change of status
  await consul.agent.check[i % 2 ? 'pass' : 'fail'](`service:catalog-${Math.floor(i / 2) % 20}`)
  await pending
  wakes.push(performance.now() - changed)
}
for (let i = 0; i < 20; i++) await consul.agent.check.pass(`service:catalog-${i}`)

// throughput: 8 concurrent clients reading the passing instances for 3 seconds
const latencies: number[] = []
const until = performance.now() + 3000
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (performance.now() < until) {
      const t = performance.now()
      await (await fetch(`${server.url}/v1/health/service/catalog?passing`)).arrayBuffer()
      latencies.push(performance.now() - t)
    }
  }),
)

console.log('development registry (20 instances of one service)')
console.log(
  `  blocking query wake after a change: p50 ${pct(wakes, 50).toFixed(2)} ms, p99 ${pct(wakes, 99).toFixed(2)} ms, max ${Math.max(...wakes).toFixed(2)} ms (target under 100 ms: ${Math.max(...wakes) < 100 ? 'met' : 'NOT met'})`,
)
console.log(
  `  health/service?passing: ${Math.round(latencies.length / 3)} req/s with 8 clients, p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms`,
)
consul.destroy()
registry.stop()
await server.stop(true)
