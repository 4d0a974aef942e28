import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Hono } from 'hono'

const types: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
}

/**
 * The shop's static files (src/assets), read once at start: small, and served from memory
 * with a content hash in their URL, so browsers keep them for a year and a new version is
 * a new URL.
 */
const assets = new Map(
  ['shop.css', 'shop.js', 'favicon.svg'].map((name) => {
    const body = readFileSync(join(import.meta.dirname, '../assets', name))
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12)
    return [
      name,
      { body, hash, type: types[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream' },
    ] as const
  }),
)

/** The URL of a static file, with its content hash. */
export function assetUrl(name: string): string {
  const asset = assets.get(name)
  if (!asset) throw new Error(`no asset ${name}`)
  return `/assets/${name}?v=${asset.hash}`
}

/** GET /assets/:name */
export function assetRoutes() {
  return new Hono().get('/:name', (c) => {
    const asset = assets.get(c.req.param('name'))
    if (!asset) return c.notFound()
    const current = c.req.query('v') === asset.hash
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      etag: `"${asset.hash}"`,
    })
  })
}
