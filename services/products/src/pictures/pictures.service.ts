import { AppError } from '@shopfront/kit'
import { mediumPictureOf, pictureUrl, smallPictureOf, type UploadedPicture, uploadedPictureUrl } from '../contract.ts'
import type { PicturesRepo } from './pictures.repo.ts'
import { preparePicture } from './prepare.ts'

/** What is said of a picture a product names that is not uploaded here (`<sha-256>.webp`). */
export const notUploaded = (url: string) => `no uploaded picture ${url.slice(url.lastIndexOf('/') + 1)}`

/** Uploaded pictures: prepared and kept on upload, served by size, and checked when a product names them. */
export function createPictureService({ repo, maxPixels }: { repo: PicturesRepo; maxPixels: () => number }) {
  /** Of these pictures, the uploaded ones that are not kept here (those that are, kept from the sweep a while longer). */
  async function missingOf(images: string[]) {
    const ids = images.flatMap((url) => uploadedPictureUrl.exec(url)?.[1] ?? [])
    const missing = new Set(await repo.keepNamed(ids))
    return images.filter((url) => missing.has(uploadedPictureUrl.exec(url)?.[1] ?? ''))
  }

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

    missingOf,

    /** A product's pictures that are uploaded ones must be kept here: a 400 naming those that are not. */
    async checkNamed(images: string[] | undefined) {
      const missing = await missingOf(images ?? [])
      if (missing.length)
        throw new AppError('validation', 'A picture named is not uploaded here; upload it again.', {
          errors: missing.map((url) => ({ path: 'images', message: notUploaded(url) })),
        })
    },
  }
}

export type PictureService = ReturnType<typeof createPictureService>
