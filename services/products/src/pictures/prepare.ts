import { createHash } from 'node:crypto'
import { AppError } from '@shopfront/kit'
import { looksLikePicture, notAPicture } from '../contract.ts'
import sharp, { type Sharp } from 'sharp'

// a picture is prepared once, on upload, on a small box that also serves the catalog: no
// cache of decoded files, and one thread per picture rather than every core
sharp.cache(false)
sharp.concurrency(1)

/** The kinds of picture taken: photographs and drawings, no vector formats (an SVG can carry script). */
const accepted = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'])

/** A picture as the shop keeps it: WebP, large, medium and small, named by the large one's SHA-256. */
export interface PreparedPicture {
  id: string
  large: Buffer
  medium: Buffer
  small: Buffer
  width: number
  height: number
}

/** Longest side, in pixels, of the picture a product page shows (on a phone) and of the one lists show. */
const largeSide = 1600
const mediumSide = 800
const smallSide = 480

/**
 * Reads an uploaded picture and makes what the shop serves of it: turned upright as the
 * camera held it, no larger than 1600 (and 800, and 480) pixels a side, WebP, with none of its
 * metadata (a phone's GPS position, the camera's serial number). Anything that is not a
 * JPEG, PNG, WebP, GIF (its first frame), AVIF or HEIF picture is a 415; a picture over
 * `maxPixels` (a decompression bomb, or a panorama no shop needs) is a 413.
 */
export async function preparePicture(
  bytes: Uint8Array,
  { maxPixels }: { maxPixels: number },
): Promise<PreparedPicture> {
  // what the first bytes say it is, before any decoder sees it
  if (!looksLikePicture(bytes)) throw notAPicture()
  const input = sharp(bytes, { limitInputPixels: false, failOn: 'error' })
  const {
    format,
    width = 0,
    height = 0,
  } = await input.metadata().catch(() => {
    throw damaged()
  })
  if (!format || !accepted.has(format)) throw notAPicture()
  if (width * height > maxPixels)
    throw new AppError(
      'payload_too_large',
      `The picture is ${width} × ${height} pixels; at most ${Math.round(maxPixels / 1e6)} megapixels are taken.`,
    )
  try {
    // the file is decoded once: the medium and small pictures are made from the large one
    const large = await sized(input.rotate(), largeSide)
    const small = await sized(sharp(large.data), smallSide)
    return {
      id: createHash('sha256').update(large.data).digest('hex'),
      large: large.data,
      medium: await mediumFrom(large.data),
      small: small.data,
      width: large.info.width,
      height: large.info.height,
    }
  } catch {
    // the header read, the pixels did not: a truncated or damaged file
    throw damaged()
  }
}

/** The medium size of a kept picture, made from its large one (on upload, or later for one uploaded before). */
export const mediumFrom = async (large: Buffer) => (await sized(sharp(large), mediumSide)).data

/** A picture at most `side` pixels a side (never enlarged), as WebP. */
const sized = (picture: Sharp, side: number) =>
  picture
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true })

const damaged = () => new AppError('validation', 'The picture could not be read: the file is damaged or incomplete.')
