import { type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import { createPicturesRepo } from './pictures.repo.ts'

/** Deletes the uploaded pictures no product names, `keepDays` after their upload (both read live): a job for the kit to run. */
export function createPictureSweep(
  db: PostgresJsDatabase,
  { keepDays, intervalMs, logger }: { keepDays: () => number; intervalMs: () => number; logger: Logger },
) {
  const pictures = createPicturesRepo(db)
  return repeatInBackground({
    name: 'unused picture sweep',
    run: async () => {
      const deleted = await pictures.sweepUnused(keepDays())
      if (deleted) logger.info('deleted pictures no product shows', { deleted })
      return deleted
    },
    intervalMs,
    logger,
  })
}
