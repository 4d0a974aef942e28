import { createHash } from 'node:crypto'
import { Resvg } from '@resvg/resvg-js'
import { Hono } from 'hono'

/** A simple drawing per kind of product (the demo catalog's SKU prefixes), in a 400×300 frame. */
const drawings: Record<string, string> = {
  // a cup with steam
  COF: '<path d="M140 120h110v70a45 45 0 0 1-45 45h-20a45 45 0 0 1-45-45z" fill="#fff"/><path d="M250 135h18a22 22 0 0 1 0 44h-18" fill="none" stroke="#fff" stroke-width="10"/><path d="M170 100c-10-15 10-25 0-40M200 100c-10-15 10-25 0-40M230 100c-10-15 10-25 0-40" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" opacity=".8"/>',
  // a pot
  KIT: '<rect x="120" y="130" width="160" height="95" rx="18" fill="#fff"/><rect x="110" y="118" width="180" height="18" rx="9" fill="#fff"/><rect x="185" y="98" width="30" height="16" rx="6" fill="#fff"/><path d="M120 150H90M280 150h30" stroke="#fff" stroke-width="12" stroke-linecap="round"/>',
  // a book
  BOK: '<path d="M200 95c-30-15-60-15-90-5v140c30-10 60-10 90 5z" fill="#fff"/><path d="M200 95c30-15 60-15 90-5v140c-30-10-60-10-90 5z" fill="#fff" opacity=".85"/><path d="M130 120h50M130 140h50M130 160h40M220 120h50M220 140h50" stroke="currentColor" stroke-width="4" opacity=".35"/>',
  // a device with a screen
  ELE: '<rect x="110" y="90" width="180" height="115" rx="10" fill="#fff"/><rect x="124" y="104" width="152" height="87" rx="4" fill="currentColor" opacity=".35"/><rect x="90" y="210" width="220" height="14" rx="7" fill="#fff"/>',
  // mountains and a tent
  OUT: '<path d="M70 230l80-120 50 70 35-45 95 95z" fill="#fff"/><path d="M215 230l35-55 35 55z" fill="currentColor" opacity=".45"/><circle cx="300" cy="90" r="18" fill="#fff" opacity=".85"/>',
  // a lamp
  HOM: '<path d="M160 90h80l30 70H130z" fill="#fff"/><rect x="193" y="160" width="14" height="55" fill="#fff"/><rect x="160" y="215" width="80" height="14" rx="7" fill="#fff"/>',
}
/** A parcel, for any other product. */
const parcel =
  '<path d="M200 85l90 40v95l-90 40-90-40v-95z" fill="#fff"/><path d="M110 125l90 40 90-40M200 165v95" fill="none" stroke="currentColor" stroke-width="5" opacity=".4"/>'

/** Hues that keep white shapes readable; the SKU picks one, so each product keeps its colour. */
const hues = [168, 200, 222, 262, 330, 12, 28, 140]

/** The shop's own picture of a product that has none: a drawing of its kind on its colour. Nothing is fetched from anywhere. */
export function productArt(sku: string): string {
  const digest = createHash('sha256').update(sku).digest()
  const byte = (i: number) => digest[i] ?? 0
  const hue = hues[byte(0) % hues.length] ?? 200
  const drawing = drawings[sku.slice(0, 3).toUpperCase()] ?? parcel
  const light = `hsl(${hue} 45% 62%)`
  const dark = `hsl(${hue} 50% 38%)`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${dark}"/></linearGradient></defs><rect width="400" height="300" fill="url(#g)"/><circle cx="${60 + (byte(1) % 280)}" cy="${40 + (byte(2) % 60)}" r="${40 + (byte(3) % 50)}" fill="#fff" opacity=".12"/><g color="${dark}">${drawing}</g></svg>`
}

const sku = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** The drawing as a 160×120 PNG, for mail clients that show no SVG (the order e-mail's lines); the last 500 kept. */
const pngs = new Map<string, Uint8Array>()
export function productArtPng(name: string): Uint8Array {
  let png = pngs.get(name)
  if (!png) {
    png = new Resvg(productArt(name), { fitTo: { mode: 'width', value: 160 } }).render().asPng()
    pngs.set(name, png)
    const oldest = pngs.keys().next()
    if (pngs.size > 500 && !oldest.done) pngs.delete(oldest.value)
  }
  return png
}

/** GET /images/products/:sku.svg, and :sku.png (the same drawing, rendered). */
export function productArtRoutes() {
  return new Hono().get('/:file{[^/]+\\.(svg|png)}', (c) => {
    const file = c.req.param('file')
    const name = file.slice(0, -4)
    if (!sku.test(name)) return c.notFound()
    // e-mails show them from their reader's mail client or webmail: any site may embed them
    const cache = { 'cache-control': 'public, max-age=86400', 'cross-origin-resource-policy': 'cross-origin' }
    if (file.endsWith('.png'))
      return c.body(productArtPng(name) as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', ...cache })
    return c.body(productArt(name), 200, { 'content-type': 'image/svg+xml', ...cache })
  })
}
