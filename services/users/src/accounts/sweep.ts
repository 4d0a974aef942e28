import { type Logger, type PostgresJsDatabase, sweepInBackground } from '@shopfront/kit'
import type { UsersSettings } from '../settings.ts'
import { sweepLoginFailures } from './sign-in-throttle.ts'
import { sweepRefreshTokens } from './tokens.ts'

/**
 * What users keeps only for a while, swept every hour a thousand rows at a time: refresh
 * tokens past use (every sign-in and every refresh adds one) and sign-in failure counts
 * older than the lockout window (one per e-mail and address that failed, when Redis does
 * not hold them). Jobs for the kit to run.
 */
export const expirySweepers = (db: PostgresJsDatabase, settings: () => UsersSettings['users'], logger: Logger) => [
  sweepInBackground({
    name: 'refresh tokens past use',
    sweep: (size) => sweepRefreshTokens(db, settings().accessTokenTtlSeconds, size),
    logger,
  }),
  sweepInBackground({
    name: 'sign-in failure counts past the lockout window',
    sweep: (size) => sweepLoginFailures(db, settings().lockout.minutes * 60, size),
    logger,
  }),
]
