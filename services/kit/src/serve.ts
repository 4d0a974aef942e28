import type { Server } from 'bun'
import type { Logger } from './logger.ts'
import { processAlive } from './process-alive.ts'

/** A start-up failure a person can act on: printed as one line, never a stack trace. */
export class StartupError extends Error {
  override name = 'StartupError'
}

export interface ListenOptions {
  port?: number
  hostname?: string
  name?: string
  logger?: Logger
  /** Seconds a connection may stay idle (Bun's default, 10, would cut long polls short). */
  idleTimeout?: number
}

/** What `listen` serves: a Hono app, or any object with Bun's fetch handler (the gateway's). */
export interface FetchApp {
  fetch(req: Request, server: Server<undefined>): Response | Promise<Response>
}

export interface Listening {
  server: Server<undefined>
  port: number
  url: string
  /** Stops accepting; in-flight requests finish first unless `force`. */
  stop(force?: boolean): Promise<void>
}

/**
 * Serves a Hono app with Bun.serve; port 0 picks a free port. A taken port is a
 * StartupError that says which.
 *
 * @example
 *   const { url, stop } = listen(app, { port: 0 })
 */
export function listen(
  app: FetchApp,
  { port = 0, hostname = '127.0.0.1', name = 'server', logger, idleTimeout = 60 }: ListenOptions = {},
): Listening {
  let server: Server<undefined>
  try {
    server = Bun.serve({ port, hostname, fetch: app.fetch, idleTimeout })
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'EADDRINUSE')
      throw new StartupError(`${name}: port ${port} on ${hostname} is already in use (is another copy running?)`)
    if (code === 'EACCES') throw new StartupError(`${name}: not allowed to listen on ${hostname}:${port}`)
    throw err
  }
  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${server.port}`
  logger?.info('listening', { url })
  return {
    server,
    port: server.port ?? port,
    url,
    stop: async (force = false) => {
      await server.stop(force)
    },
  }
}

/** A port is free when this process can bind it for a moment. */
export function portFree(port: number, hostname = '127.0.0.1'): boolean {
  try {
    Bun.listen({ hostname, port, socket: { data() {} } }).stop(true)
    return true
  } catch {
    return false
  }
}

/**
 * Runs a process's main function: a StartupError (or a missing setting) prints one clear
 * line and exits 1; anything else prints its stack and exits 1.
 */
export function runMain(main: () => Promise<unknown>) {
  main().catch((err) => {
    if (err instanceof StartupError) console.error(`error: ${err.message}`)
    else console.error(err)
    process.exit(1)
  })
}

/**
 * Keeps a service up through a connection reset that nobody hears. Bun's node:net can
 * report a database socket's reset after postgres.js has let go of that socket; seen once
 * in a while when PostgreSQL goes away under load, and the service died of it. Such a reset
 * (a read ECONNRESET, thrown or rejected with no one to catch it) is logged as a warning:
 * the pool has dropped that connection already and opens another. Anything else uncaught
 * still ends the process with its stack, as Bun does on its own.
 */
export function surviveStrayResets(logger: Logger) {
  const stray = (err: unknown) =>
    err instanceof Error && 'code' in err && err.code === 'ECONNRESET' && 'syscall' in err && err.syscall === 'read'
  const fatal = (err: unknown) => {
    console.error(err)
    process.exit(1)
  }
  const survive = (err: unknown, origin: string) =>
    stray(err) ? logger.warn('connection reset with no one listening', { origin }) : fatal(err)
  process.on('uncaughtException', survive)
  process.on('unhandledRejection', (reason) => survive(reason, 'unhandledRejection'))
}

/**
 * Wires SIGTERM and SIGINT to a graceful shutdown, then exit 0. Under `bun start`
 * (SHOPFRONT_PARENT_PID set) it also shuts down when that parent is gone, so a killed
 * `bun start` leaves nothing running.
 */
export function exitOnSignals(shutdown: () => Promise<unknown>) {
  const stop = () =>
    shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  const parent = Number(process.env.SHOPFRONT_PARENT_PID)
  if (parent) {
    setInterval(() => {
      if (!processAlive(parent)) void stop()
    }, 1000).unref()
  }
}
