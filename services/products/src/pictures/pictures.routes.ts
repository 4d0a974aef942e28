import { AppError, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import type { PictureService } from './pictures.service.ts'

/** `<sha-256>.webp` (the large picture), `<sha-256>-medium.webp` or `<sha-256>-small.webp`. */
const fileName = /^([0-9a-f]{64})(?:-(medium|small))?\.webp$/

/** A picture's address never changes what it shows: caches keep it for a year, and other sites (a newsletter) may show it. */
const servedHeaders = {
  'content-type': 'image/webp',
  'cache-control': 'public, max-age=31536000, immutable',
  'cross-origin-resource-policy': 'cross-origin',
}

/** /api/products/images: admins upload pictures (the file's bytes as the body); anyone sees them. */
export function pictureRoutes({ pictures, verifier }: { pictures: PictureService; verifier: TokenVerifier }) {
  const { app, only } = serviceRoutes(verifier)

  app.post('/', only('admin'), async (c) => {
    const type = c.req.header('content-type') ?? ''
    if (!/^(image\/[\w.+-]+|application\/octet-stream)\s*(;|$)/i.test(type))
      throw new AppError('unsupported_media_type', 'Send the picture’s file as the body, as image/jpeg, image/png, …')
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    if (!bytes.length) throw new AppError('validation', 'The body is empty: send the picture’s file.')
    const picture = await pictures.upload(bytes)
    return c.json(picture, 201, { location: picture.url })
  })

  app.get('/:file', async (c) => {
    const [, id, size] = fileName.exec(c.req.param('file')) ?? []
    if (!id) throw new AppError('not_found', 'There is no such picture.')
    const etag = `"${id}${size ? `-${size}` : ''}"`
    if (c.req.header('if-none-match')?.includes(etag)) return c.body(null, 304, { etag, ...servedHeaders })
    const bytes = await pictures.read(id, size === 'medium' || size === 'small' ? size : 'large')
    if (!bytes) throw new AppError('not_found', 'There is no such picture (or it was removed: no product showed it).')
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { etag, ...servedHeaders })
  })
  return app
}
