import { createConnection, createServer, type Socket } from 'node:net'

/**
 * A TCP relay on 127.0.0.1 in front of a real server (PostgreSQL, Redis), for outage
 * tests: `cut()` drops every connection through it and refuses new ones, as a server
 * that went away does; `restore()` lets connections through again. Nothing is faked:
 * the client talks to the real server, and loses it for real.
 *
 * @example
 *   const relay = await startTcpProxy('127.0.0.1', 5432)
 *   const sql = postgres(`postgres://postgres@127.0.0.1:${relay.port}/test`)
 *   relay.cut(); ...; relay.restore()
 */
export async function startTcpProxy(host: string, port: number) {
  const open = new Set<Socket>()
  let cut = false
  const server = createServer((client) => {
    if (cut) return client.destroy()
    const upstream = createConnection({ host, port })
    open.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', drop).on('close', drop).pipe(upstream)
    upstream.on('error', drop).on('close', drop).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    /** Drops every connection and refuses new ones until `restore()`. */
    cut() {
      cut = true
      for (const socket of open) socket.destroy()
      open.clear()
    },
    restore() {
      cut = false
    },
    async close() {
      this.cut()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
