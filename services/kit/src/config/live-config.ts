import type { z } from 'zod'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { fetchEnvironment, resolveSettings, type ConfigSource, type LoadedConfig } from './load-config.ts'

/** Something that can tell us at once that settings changed (Redis pub/sub, with REDIS_URL). */
export interface ChangeSignal {
  subscribe(onChange: () => void): Promise<void> | void
  close(): Promise<void> | void
}

export interface LiveConfigOptions<S extends z.ZodType> {
  source: ConfigSource
  schema: S
  initial: LoadedConfig<z.infer<S>>
  env?: Record<string, string | undefined>
  /** Keys (dotted paths) that only take effect at the next start, like the port or the database URL. */
  restartKeys?: string[]
  pollMs?: number
  signal?: ChangeSignal
  logger?: Logger
  metrics?: Metrics
}

export interface LiveConfig<T> {
  /** The settings in force now: read it when you need a value, do not copy it at start. */
  readonly current: T
  readonly version: string
  onChange(listener: (next: T, previous: T) => void): () => void
  /** Looks for a new version now; resolves to what happened. */
  refresh(): Promise<'applied' | 'unchanged' | 'rejected' | 'failed'>
  close(): Promise<void>
}

/**
 * Settings that follow the config server without a restart: polls the version (a cheap
 * conditional GET) and, when a change signal is given, refreshes as soon as it fires. A
 * new version that fails validation is rejected and the last good settings stay.
 *
 * @example
 *   const config = createLiveConfig({ source, schema, initial: await loadConfig(source, schema) })
 *   config.current.cart.maxLines
 */
export function createLiveConfig<S extends z.ZodType>({
  source,
  schema,
  initial,
  env = process.env,
  restartKeys = [],
  pollMs = 5000,
  signal,
  logger,
  metrics,
}: LiveConfigOptions<S>): LiveConfig<z.infer<S>> {
  type T = z.infer<S>
  let current: T = initial.settings
  let version = initial.version
  const listeners = new Set<(next: T, previous: T) => void>()
  let running: Promise<'applied' | 'unchanged' | 'rejected' | 'failed'> | undefined

  const attempt = async () => {
    try {
      const environment = await fetchEnvironment(source, version)
      if (!environment || environment.version === version) return 'unchanged' as const
      let next: T
      try {
        next = resolveSettings(schema, environment.propertySources, env, source.application).settings
      } catch (err) {
        logger?.error('rejected new settings; keeping the last good ones', {
          version: environment.version,
          error: (err as Error).message,
        })
        version = environment.version
        return 'rejected' as const
      }
      next = keepRestartKeys(next, current, restartKeys, logger)
      const previous = current
      current = next
      version = environment.version
      logger?.info('settings refreshed', { version })
      for (const listener of listeners) listener(current, previous)
      return 'applied' as const
    } catch (err) {
      logger?.debug('config refresh failed', { error: (err as Error).message })
      return 'failed' as const
    }
  }

  const refresh = () => {
    running ??= attempt().then((outcome) => {
      running = undefined
      metrics?.configRefreshes.inc({ outcome })
      return outcome
    })
    return running
  }

  const timer = setInterval(() => void refresh(), pollMs)
  void signal?.subscribe(() => void refresh())

  return {
    get current() {
      return current
    },
    get version() {
      return version
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refresh,
    async close() {
      clearInterval(timer)
      await signal?.close()
    },
  }
}

type Tree = { [key: string]: unknown }
const child = (node: unknown, key: string) => (node && typeof node === 'object' ? (node as Tree)[key] : undefined)

function keepRestartKeys<T>(next: T, current: T, keys: string[], logger?: Logger): T {
  const copy = structuredClone(next)
  for (const key of keys) {
    const path = key.split('.')
    const before = path.reduce<unknown>(child, current)
    const after = path.reduce<unknown>(child, copy)
    if (JSON.stringify(before) === JSON.stringify(after)) continue
    logger?.warn('setting changed; it takes effect at the next start', { key })
    let parent = copy as Tree
    for (const k of path.slice(0, -1)) {
      if (!parent[k] || typeof parent[k] !== 'object') parent[k] = {}
      parent = parent[k] as Tree
    }
    parent[path.at(-1) ?? key] = before
  }
  return copy
}
