import { type Logger, type PostgresJsDatabase, repeatInBackground } from '@shopfront/kit'
import { createPicturesRepo } from './pictures.repo.ts'
import { mediumFrom } from './prepare.ts'

/**
 * Keeps the uploaded pictures in order, a job for the kit to run: deletes those no product
 * names `keepDays` after their upload (both read live), and makes the medium size (for
 * phones) of those uploaded before it was made, one at a time. How many were deleted.
 */
export function createPictureSweep(
  db: PostgresJsDatabase,
  { keepDays, intervalMs, logger }: { keepDays: () => number; intervalMs: () => number; logger: Logger },
) {
  const pictures = createPicturesRepo(db)

  async function makeMissingMediums() {
    let made = 0
    for (let batch = await pictures.withoutMedium(20); batch.length > 0; batch = await pictures.withoutMedium(20))
      for (const { id, large } of batch) {
        const bytes = Buffer.from(large)
        // a picture that cannot be resized keeps its large one as medium (what was served there), never asked again
        const medium = await mediumFrom(bytes).catch((err) => {
          logger.warn('could not make the medium size of a picture; its large one stands in', {
            id,
            error: String(err),
          })
          return bytes
        })
        await pictures.setMedium(id, medium)
        made++
      }
    return made
  }

  return repeatInBackground({
    name: 'unused picture sweep',
    run: async () => {
      const deleted = await pictures.sweepUnused(keepDays())
      if (deleted) logger.info('deleted pictures no product shows', { deleted })
      const made = await makeMissingMediums()
      if (made) logger.info('made the medium size of pictures uploaded before it existed', { made })
      return deleted
    },
    intervalMs,
    logger,
  })
}
