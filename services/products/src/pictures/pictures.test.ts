import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from '@shopfront/kit'
import { productBody, startProducts } from '../testing.ts'
import { createPictureSweep } from './picture-sweep.ts'

const products = await startProducts()
const { app, send, as, sql } = products
const count = async () => Number((await sql`select count(*) from pictures`)[0].count)

/** A photo as a phone takes it (smaller, to spare the machine): 2000 × 1200, held upright (EXIF orientation 6), with where and on what it was taken. */
const phonePhoto = (colour = '#2a6') =>
  sharp({ create: { width: 2000, height: 1200, channels: 3, background: colour } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone', Model: 'Serial 0042' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer()

/** A PNG whose header says it is `width` × `height` (a decompression bomb's header: the pixels are never reached). */
function withSize(png: Buffer, width: number, height: number) {
  const bomb = Buffer.from(png)
  bomb.writeUInt32BE(width, 16)
  bomb.writeUInt32BE(height, 20)
  // the header chunk's checksum covers its type and data (bytes 12 to 29)
  bomb.writeUInt32BE(Bun.hash.crc32(bomb.subarray(12, 29)), 29)
  return bomb
}

const upload = (body: Uint8Array | string, { type = 'image/jpeg', auth = as.admin } = {}) =>
  app.request('/api/products/images', {
    method: 'POST',
    body: body as BodyInit,
    headers: { 'content-type': type, ...(auth ? { authorization: auth } : {}) },
  })

describe('pictures uploaded in the back office', () => {
  it('When an admin uploads a phone photo, then the shop serves it upright, resized, as WebP, without its metadata, large, medium and small, cached for good', async () => {
    const res = await upload(await phonePhoto())
    expect(res.status).toBe(201)
    const picture = await res.json()
    expect(picture).toMatchObject({ width: 960, height: 1600 })
    expect(picture.url).toMatch(/^\/api\/products\/images\/[0-9a-f]{64}\.webp$/)
    expect(picture.smallUrl).toBe(picture.url.replace('.webp', '-small.webp'))
    expect(res.headers.get('location')).toBe(picture.url)

    const large = await app.request(picture.url)
    expect(large.status).toBe(200)
    expect(large.headers.get('content-type')).toBe('image/webp')
    expect(large.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const bytes = Buffer.from(await large.arrayBuffer())
    expect(bytes.byteLength).toBe(picture.bytes)
    const seen = await sharp(bytes).metadata()
    expect(seen).toMatchObject({ format: 'webp', width: 960, height: 1600 })
    expect(seen.exif).toBeUndefined()
    expect(bytes.includes('Serial 0042')).toBe(false)
    const small = await sharp(Buffer.from(await (await app.request(picture.smallUrl)).arrayBuffer())).metadata()
    expect(small).toMatchObject({ format: 'webp', width: 288, height: 480 })
    expect(picture.mediumUrl).toBe(picture.url.replace('.webp', '-medium.webp'))
    const medium = await app.request(picture.mediumUrl)
    expect(medium.headers.get('etag')).not.toBe(large.headers.get('etag'))
    const mediumBytes = Buffer.from(await medium.arrayBuffer())
    expect(await sharp(mediumBytes).metadata()).toMatchObject({ format: 'webp', width: 480, height: 800 })
    expect(mediumBytes.byteLength).toBeLessThan(bytes.byteLength)

    const again = await app.request(picture.url, { headers: { 'if-none-match': large.headers.get('etag') ?? '' } })
    expect(again.status).toBe(304)
    expect((await app.request(picture.url, { method: 'HEAD' })).status).toBe(200)
  })

  it('When a picture was uploaded before medium pictures were made, then its medium address serves the large one until the background job makes it', async () => {
    const picture = await (await upload(await phonePhoto('#a62'))).json()
    const id = picture.url.match(/([0-9a-f]{64})/)[1]
    await sql`update pictures set medium = null where id = ${id}`
    const mediumSize = async () => {
      const medium = await app.request(picture.mediumUrl)
      expect(medium.status).toBe(200)
      return sharp(Buffer.from(await medium.arrayBuffer())).metadata()
    }
    expect(await mediumSize()).toMatchObject({ width: 960, height: 1600 })
    expect((await app.request(picture.url.replace('.webp', '-large.webp'))).status).toBe(404)
    // one whose bytes went bad meanwhile: its large one stands in, and it is not tried again and again
    const damaged = (await (await upload(await phonePhoto('#a63'))).json()).url.match(/([0-9a-f]{64})/)[1]
    await sql`update pictures set medium = null, large = ${Buffer.from('not a picture')} where id = ${damaged}`
    const { logger, lines } = createMemoryLogger()
    await createPictureSweep(products.db, { keepDays: () => 2, intervalMs: () => 3_600_000, logger }).runNow()
    expect(await mediumSize()).toMatchObject({ format: 'webp', width: 480, height: 800 })
    expect(lines.find((l) => String(l.msg).startsWith('made the medium size'))?.made).toBeGreaterThanOrEqual(1)
    expect(await sql`select 1 from pictures where medium is null`).toHaveLength(0)
    expect(lines.find((l) => l.id === damaged)?.msg).toBe(
      'could not make the medium size of a picture; its large one stands in',
    )
  })

  it('When the same picture is uploaded twice, then it is kept once, at one address', async () => {
    const photo = await phonePhoto('#a26')
    const first = await (await upload(photo)).json()
    const before = await count()
    const second = await upload(photo)
    expect(second.status).toBe(201)
    expect((await second.json()).url).toBe(first.url)
    expect(await count()).toBe(before)
  })

  it('When the upload is not a picture the shop takes, too large, empty or not an admin’s, then it is a clear 4xx and nothing is kept', async () => {
    const before = await count()
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    const damaged = (await phonePhoto()).subarray(0, 4000)
    const huge = withSize(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
      8000,
      8000,
    )
    const cases: [Response, number, RegExp][] = [
      [await upload(svg, { type: 'image/svg+xml' }), 415, /JPEG, PNG, WebP/],
      [await upload('plain words', { type: 'text/plain' }), 415, /as the body/],
      [await upload(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])), 400, /damaged|could not be read/],
      [await upload(damaged), 400, /damaged or incomplete/],
      [await upload(new Uint8Array(0)), 400, /empty/],
      [await upload(new Uint8Array(2_000_001).fill(0xff)), 413, /larger than/],
      [await upload(huge, { type: 'image/png' }), 413, /8000 × 8000 pixels; at most 50 megapixels/],
      [await upload(await phonePhoto(), { auth: as.customer }), 403, /./],
      [await upload(await phonePhoto(), { auth: '' }), 401, /./],
    ]
    for (const [res, status, detail] of cases) {
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect((await res.json()).detail).toMatch(detail)
    }
    expect(await count()).toBe(before)
  })

  it('When a picture is asked for that is not kept, then it is a 404', async () => {
    for (const path of [`${'0'.repeat(64)}.webp`, `${'a'.repeat(64)}-small.webp`, 'x.png', '..%2Fsecret'])
      expect((await app.request(`/api/products/images/${path}`)).status).toBe(404)
  })

  it('When a product names uploaded pictures, then it keeps them; one never uploaded here is a 400 and nothing is stored', async () => {
    const { url } = await (await upload(await phonePhoto('#26a'))).json()
    const created = await send('POST', '/api/products', { body: productBody({ images: [url] }), auth: as.admin })
    expect(created.status).toBe(201)
    expect(created.body.images).toEqual([url])
    const unknown = `/api/products/images/${'b'.repeat(64)}.webp`
    const refused = await send('PATCH', `/api/products/${created.body.id}`, {
      body: { images: [url, unknown] },
      auth: as.admin,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors).toEqual([{ path: 'images', message: `no uploaded picture ${'b'.repeat(64)}.webp` }])
    expect((await send('GET', `/api/products/${created.body.id}`)).body.images).toEqual([url])
  })

  it('When pictures no product shows are older than the days kept, then the sweep deletes them, and keeps those shown and those just uploaded or named, again too', async () => {
    const shown = await (await upload(await phonePhoto('#6a2'))).json()
    const dropped = await (await upload(await phonePhoto('#62a'))).json()
    const fresh = await (await upload(await phonePhoto('#a62'))).json()
    const againPhoto = await phonePhoto('#7b1')
    const again = await (await upload(againPhoto)).json()
    expect(
      (await send('POST', '/api/products', { body: productBody({ images: [shown.url] }), auth: as.admin })).status,
    ).toBe(201)
    const replaced = await (await upload(await phonePhoto('#b17'))).json()
    const idOf = (url: string) => url.slice(-69, -5)
    const aged = [shown, dropped, again, replaced].map((p) => idOf(p.url))
    await sql`update pictures set created_at = now() - interval '3 days' where id in ${sql(aged)}`
    expect((await upload(againPhoto)).status).toBe(201) // the admin picks the same file for another product
    // a product saved naming an old picture, then changed to another: the days count from its naming
    const named = await send('POST', '/api/products', { body: productBody({ images: [replaced.url] }), auth: as.admin })
    const unnamed = { body: { images: [shown.url] }, auth: as.admin }
    expect((await send('PATCH', `/api/products/${named.body.id}`, unnamed)).status).toBe(200)
    const sweep = createPictureSweep(products.db, {
      keepDays: () => 2,
      intervalMs: () => 3_600_000,
      logger: createMemoryLogger().logger,
    })
    expect(await sweep.runNow()).toBeGreaterThanOrEqual(1)
    expect((await app.request(dropped.url)).status).toBe(404)
    expect((await app.request(shown.url)).status).toBe(200)
    expect((await app.request(fresh.url)).status).toBe(200)
    expect((await app.request(again.url)).status).toBe(200)
    expect((await app.request(replaced.url)).status).toBe(200)
  })
})
