import { AppError } from '@shopfront/kit'
import { mediumPictureOf, pictureUrl, smallPictureOf, type UploadedPicture, uploadedPictureUrl } from '../contract.ts'
import type { PicturesRepo } from './pictures.repo.ts'
import { preparePicture } from './prepare.ts'

/** Uploaded pictures: prepared and kept on upload, served by size, and checked when a product names them. */
export function createPictureService({ repo, maxPixels }: { repo: PicturesRepo; maxPixels: () => number }) {
  return {
    /** Prepares and keeps a picture (`preparePicture` says what is refused); where it is served. */
    async upload(bytes: Uint8Array): Promise<UploadedPicture> {
      const picture = await preparePicture(bytes, { maxPixels: maxPixels() })
      await repo.save(picture)
      const url = pictureUrl(picture.id)
      return {
        url,
        mediumUrl: mediumPictureOf(url),
        smallUrl: smallPictureOf(url),
        width: picture.width,
        height: picture.height,
        bytes: picture.large.byteLength,
      }
    },

    read: repo.read,

    /** A product's pictures that are uploaded ones must be kept here: a 400 naming those that are not. */
    async checkNamed(images: string[] | undefined) {
      const ids = (images ?? []).flatMap((url) => uploadedPictureUrl.exec(url)?.[1] ?? [])
      const missing = await repo.keepNamed(ids)
      if (missing.length)
        throw new AppError('validation', 'A picture named is not uploaded here; upload it again.', {
          errors: missing.map((id) => ({ path: 'images', message: `no uploaded picture ${id}.webp` })),
        })
    },
  }
}

export type PictureService = ReturnType<typeof createPictureService>
