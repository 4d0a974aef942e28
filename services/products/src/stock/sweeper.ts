import type { Sql } from 'postgres'
import type { Logger } from '@shopfront/kit'
import { createReservationsRepo } from './reservations.repo.ts'

/** Releases expired reservations every `intervalMs` (read live, so a settings change applies). Returns a stop function. */
export function startSweeper(sql: Sql, { intervalMs, logger }: { intervalMs: () => number; logger: Logger }) {
  const reservations = createReservationsRepo(sql)
  let timer: Timer | undefined
  let stopped = false
  const tick = async () => {
    try {
      const released = await reservations.sweep()
      if (released) logger.info('released expired reservations', { released })
    } catch (err) {
      logger.warn('reservation sweep failed; trying again', { error: (err as Error).message })
    }
    if (!stopped) timer = setTimeout(tick, intervalMs())
  }
  timer = setTimeout(tick, intervalMs())
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
