import type Consul from 'consul'
import type { Logger } from '../logger.ts'

export interface Instance {
  id: string
  service: string
  address: string
  port: number
  url: string
  tags: string[]
  meta: Record<string, string>
}

export interface DiscoveryOptions {
  consul: Consul
  logger?: Logger
  /** Longest a blocking query waits before it is renewed. */
  wait?: string
  /** Safety-net re-read, in case a watch silently stalls. */
  pollMs?: number
}

interface Watched {
  instances: Instance[]
  next: number
  loaded: boolean
  ready: Promise<void>
  stop(): void
}

/**
 * Healthy instances of each service, kept in memory by a Consul blocking-query watch (and
 * a periodic re-read as a safety net), so picking one never costs a registry call.
 *
 * @example
 *   const discovery = createDiscovery({ consul })
 *   const instance = discovery.pick('products')   // round robin over passing instances
 */
export function createDiscovery({ consul, logger, wait = '30s', pollMs = 15_000 }: DiscoveryOptions): Discovery {
  const watched = new Map<string, Watched>()

  const start = (service: string): Watched => {
    let resolveReady!: () => void
    const entry: Watched = {
      instances: [],
      next: 0,
      loaded: false,
      ready: new Promise((r) => (resolveReady = r)),
      stop: () => {},
    }
    const apply = (data: unknown) => {
      entry.instances = toInstances(service, data)
      entry.loaded = true
      resolveReady()
    }
    const watch = consul.watch({
      method: consul.health.service,
      options: { service, passing: true, wait } as never,
      backoffFactor: 50,
      backoffMax: 2000,
    } as never)
    watch.on('change', (data: unknown) => apply(data))
    watch.on('error', (err: Error) => logger?.warn('discovery watch failed; retrying', { service, error: err.message }))
    const poll = setInterval(() => {
      consul.health.service({ service, passing: true } as never).then(apply, () => {})
    }, pollMs)
    entry.stop = () => {
      watch.end()
      clearInterval(poll)
    }
    watched.set(service, entry)
    return entry
  }

  const get = (service: string) => watched.get(service) ?? start(service)

  return {
    /** Healthy instances as last seen (empty until the first answer). */
    instances(service: string): Instance[] {
      return get(service).instances
    },
    /** Resolves once the first answer for this service is in (or after `timeoutMs`). */
    async ready(service: string, timeoutMs = 3000): Promise<Instance[]> {
      const entry = get(service)
      if (entry.loaded) return entry.instances
      let timer: Timer | undefined
      await Promise.race([entry.ready, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))])
      clearTimeout(timer)
      return entry.instances
    },
    pick(service: string, avoid: (instance: Instance) => boolean = () => false): Instance | undefined {
      return pickRoundRobin(get(service), avoid)
    },
    close() {
      for (const entry of watched.values()) entry.stop()
      watched.clear()
    },
  }
}

export interface Discovery {
  instances(service: string): Instance[]
  ready(service: string, timeoutMs?: number): Promise<Instance[]>
  pick(service: string, avoid?: (instance: Instance) => boolean): Instance | undefined
  close(): void
}

/**
 * Round robin; `avoid` (an open breaker, an instance already tried) is skipped while any
 * other instance is left, and the turn moves past it, so the others share evenly. Nothing
 * is allocated: this runs for every proxied request.
 */
function pickRoundRobin(entry: { instances: Instance[]; next: number }, avoid: (instance: Instance) => boolean) {
  const { instances } = entry
  const n = instances.length
  if (n === 0) return undefined
  const start = entry.next % n
  entry.next = (entry.next + 1) % Number.MAX_SAFE_INTEGER
  for (let k = 0; k < n; k++) {
    const instance = instances[(start + k) % n]
    if (!instance || avoid(instance)) continue
    entry.next = (start + k + 1) % Number.MAX_SAFE_INTEGER
    return instance
  }
  return instances[start]
}

/**
 * Fixed instances by service name, for a process that runs without a registry (and for
 * tests of clients): `createStaticDiscovery({ products: ['http://127.0.0.1:8081'] })`.
 */
export function createStaticDiscovery(urls: Record<string, string[]>): Discovery {
  const entries = new Map(
    Object.entries(urls).map(([service, list]) => [
      service,
      {
        next: 0,
        instances: list.map((url, i) => {
          const u = new URL(url)
          return {
            id: `${service}-${i + 1}`,
            service,
            address: u.hostname,
            port: Number(u.port),
            url: u.origin,
            tags: [],
            meta: {},
          }
        }),
      },
    ]),
  )
  const get = (service: string) => entries.get(service) ?? { next: 0, instances: [] }
  return {
    instances: (service) => get(service).instances,
    ready: async (service) => get(service).instances,
    pick: (service, avoid = () => false) => pickRoundRobin(get(service), avoid),
    close() {},
  }
}

function toInstances(service: string, data: unknown): Instance[] {
  if (!Array.isArray(data)) return []
  // Consul's /v1/health/service answer: each entry a node, its service and its checks
  type Entry = {
    Node: { Address: string }
    Service: { ID: string; Address: string; Port: number; Tags?: string[]; Meta?: Record<string, string> }
  }
  return (data as Entry[]).map((entry) => {
    const address: string = entry.Service.Address || entry.Node.Address
    const host = address.includes(':') ? `[${address}]` : address
    return {
      id: entry.Service.ID,
      service,
      address,
      port: entry.Service.Port,
      url: `http://${host}:${entry.Service.Port}`,
      tags: entry.Service.Tags ?? [],
      meta: entry.Service.Meta ?? {},
    }
  })
}
