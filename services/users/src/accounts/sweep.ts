import { type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import type { UsersSettings } from '../settings.ts'
import { sweepLoginFailures } from './sign-in-throttle.ts'
import { sweepRefreshTokens } from './tokens.ts'

/** Runs `deleteBatch` until a batch comes back short, `maxBatches` at the most (the next run goes on); how many went. */
async function inBatches(deleteBatch: () => Promise<number>, batch: number, maxBatches: number) {
  let total = 0
  for (let i = 0; i < maxBatches; i++) {
    const gone = await deleteBatch()
    total += gone
    if (gone < batch) break
  }
  return total
}

/**
 * Removes what users keeps only for a while: refresh tokens past use (every sign-in and
 * every refresh adds one) and sign-in failure counts older than the lockout window (one per
 * e-mail and address that failed, when Redis does not hold them). In batches of `batch`
 * rows, so a backlog never holds a lock for long.
 */
export async function sweepExpired(
  db: PostgresJsDatabase,
  settings: UsersSettings['users'],
  { batch = 1000, maxBatches = 100 } = {},
) {
  const refreshTokens = await inBatches(
    () => sweepRefreshTokens(db, settings.accessTokenTtlSeconds, batch),
    batch,
    maxBatches,
  )
  const loginFailures = await inBatches(
    () => sweepLoginFailures(db, settings.lockout.minutes * 60, batch),
    batch,
    maxBatches,
  )
  return { refreshTokens, loginFailures }
}

/** The sweep as a background job, every hour. */
export function expirySweeper(db: PostgresJsDatabase, settings: () => UsersSettings['users'], logger: Logger) {
  return repeatInBackground({
    name: 'expired refresh tokens and sign-in failures sweep',
    run: async () => {
      const gone = await sweepExpired(db, settings())
      if (gone.refreshTokens || gone.loginFailures) logger.info('swept expired rows', gone)
    },
    intervalMs: () => 3_600_000,
    logger,
  })
}
