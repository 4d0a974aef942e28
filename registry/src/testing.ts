import { EventEmitter } from 'node:events'
import Consul from 'consul'
import { listen } from '@shopfront/kit'
import { createRegistryApp, type RegistryOptions } from './app.ts'

/** A development registry on a free port with a real `consul` client pointed at it. */
export function startRegistry(options: RegistryOptions = {}) {
  const registry = createRegistryApp({ sweepMs: 50, ...options })
  const server = listen(registry.app, { port: 0 })
  // the package's typings demand fields Consul itself does not (a TTL check's name and timeout)
  const consul: any = new Consul({ host: '127.0.0.1', port: server.port })
  return {
    ...registry,
    url: server.url,
    port: server.port,
    consul,
    async close() {
      consul.destroy()
      registry.stop()
      await server.stop(true)
    },
  }
}

/** The `consul` client's way to get the HTTP response (and so X-Consul-Index) with the body. */
export function withResponse() {
  return Object.assign(new EventEmitter(), { includeResponse: true })
}
