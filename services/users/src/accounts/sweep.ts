import { inBatches, type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import type { UsersSettings } from '../settings.ts'
import { sweepLoginFailures } from './sign-in-throttle.ts'
import { sweepRefreshTokens } from './tokens.ts'

/**
 * Removes what users keeps only for a while: refresh tokens past use (every sign-in and
 * every refresh adds one) and sign-in failure counts older than the lockout window (one per
 * e-mail and address that failed, when Redis does not hold them). A thousand rows at a
 * time (the kit's `inBatches`), so a backlog never holds a lock for long.
 */
export async function sweepExpired(
  db: PostgresJsDatabase,
  settings: UsersSettings['users'],
  batches: { size?: number; maxBatches?: number } = {},
) {
  const refreshTokens = await inBatches((size) => sweepRefreshTokens(db, settings.accessTokenTtlSeconds, size), batches)
  const loginFailures = await inBatches((size) => sweepLoginFailures(db, settings.lockout.minutes * 60, size), batches)
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
