import { networkInterfaces } from 'node:os'
import type Consul from 'consul'
import type { Logger } from '../logger.ts'
import { StartupError } from '../serve.ts'

export interface RegistrationOptions {
  consul: Consul
  name: string
  address: string
  port: number
  id?: string
  tags?: string[]
  meta?: Record<string, string>
  /** The path the registry probes; readiness, so a service is only offered once it can serve. */
  checkPath?: string
  interval?: string
  timeout?: string
  /** Consul removes an instance critical for longer than this (real Consul's minimum is 1m). */
  deregisterAfter?: string
  logger?: Logger
  /** How long to keep trying at start before giving up. */
  waitMs?: number
  /** With no registry after `waitMs`: 'fail' (a StartupError) or 'background' (keep serving, keep trying). */
  whenUnreachable?: 'fail' | 'background'
  /** How often to make sure the registry still knows us (a restarted development registry forgets). */
  resyncMs?: number
}

/**
 * Registers this instance with an HTTP check on its readiness endpoint, re-registers
 * whenever the registry has forgotten it, and deregisters on `deregister()`.
 *
 * @example
 *   const registration = await registerService({ consul, name: 'products', address: '127.0.0.1', port: 8081 })
 *   process.on('SIGTERM', () => registration.deregister())
 */
export async function registerService({
  consul,
  name,
  address,
  port,
  id = `${name}-${address}-${port}`,
  tags = [],
  meta = {},
  checkPath = '/health/ready',
  interval = '2s',
  timeout = '2s',
  deregisterAfter = '1m',
  logger,
  waitMs = 15_000,
  resyncMs = 10_000,
  whenUnreachable = 'fail',
}: RegistrationOptions) {
  const host = address.includes(':') ? `[${address}]` : address
  const definition = {
    id,
    name,
    address,
    port,
    tags,
    meta,
    check: {
      name: `${name} readiness`,
      http: `http://${host}:${port}${checkPath}`,
      interval,
      timeout,
      deregistercriticalserviceafter: deregisterAfter,
    },
  }
  const register = () => consul.agent.service.register(definition as never)

  const deadline = Date.now() + waitMs
  for (let attempt = 1; ; attempt++) {
    try {
      await register()
      logger?.info('registered', { id, address, port })
      break
    } catch (err) {
      const message = `cannot register ${name} with the registry: ${(err as Error).message} (is it running? see CONSUL_HTTP_ADDR)`
      if (Date.now() > deadline && whenUnreachable === 'fail') throw new StartupError(message)
      if (Date.now() > deadline) {
        logger?.warn(`${message}; serving anyway and retrying every ${resyncMs / 1000} s`)
        break
      }
      await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2000)))
    }
  }

  let stopped = false
  const resync = setInterval(async () => {
    try {
      const known = ((await consul.agent.service.list()) as Record<string, { Address?: string; Port?: number }>)[id]
      if (stopped) return
      if (!known) {
        await register()
        logger?.info('registered (again: the registry did not know this instance)', { id })
      } else if (known.Address !== address || known.Port !== port) {
        // someone registered our id pointing elsewhere: never adopt it, put ours back
        await register()
        logger?.warn('registered (again: the registry had this id pointing at another address)', {
          id,
          found: `${known.Address}:${known.Port}`,
        })
      }
    } catch {
      // registry unreachable: try again next round
    }
  }, resyncMs)

  return {
    id,
    async deregister() {
      stopped = true
      clearInterval(resync)
      try {
        await consul.agent.service.deregister(id)
        logger?.info('deregistered', { id })
      } catch (err) {
        logger?.warn('could not deregister', { id, error: (err as Error).message })
      }
    },
  }
}

export type Registration = Awaited<ReturnType<typeof registerService>>

/**
 * The address other processes reach this one at: `http.advertiseAddress` when set, the
 * first non-internal IPv4 address with `auto` (each container of a scaled service then
 * registers its own), else the listening host (127.0.0.1 for 0.0.0.0).
 */
export function advertisedAddress({ host, advertiseAddress }: { host: string; advertiseAddress?: string }): string {
  if (advertiseAddress === 'auto') {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    return external?.address ?? '127.0.0.1'
  }
  return advertiseAddress ?? (host === '0.0.0.0' ? '127.0.0.1' : host)
}
