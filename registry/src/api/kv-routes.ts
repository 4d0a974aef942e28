import { Hono, type Context } from 'hono'
import type { KvStore } from '../kv.ts'
import type { IndexClock } from '../state.ts'
import { blockingQuery, consulError, consulHeaders } from './blocking.ts'

const maxValueBytes = 512 * 1024

/** /v1/kv: get (one, recurse, raw, keys with separator), put (cas, flags), delete (recurse, cas). */
export function kvRoutes(kv: KvStore, clock: IndexClock) {
  const app = new Hono()
  const keyOf = (c: Context) => decodeURIComponent(c.req.path.replace(/^.*?\/kv\/?/, ''))
  const has = (c: Context, name: string) => c.req.query(name) !== undefined

  app.get('/*', async (c) => {
    const key = keyOf(c)
    const listing = has(c, 'recurse') || has(c, 'keys')
    await blockingQuery(c, clock, () => kv.indexOf(key, listing))
    if (has(c, 'keys')) {
      const keys = kv.keys(key, c.req.query('separator') || undefined)
      return keys.length ? c.json(keys) : c.body(null, 404)
    }
    const entries = has(c, 'recurse') ? kv.list(key) : [kv.get(key)].filter((e) => e !== undefined)
    if (entries.length === 0) return c.body(null, 404)
    if (has(c, 'raw')) {
      const value = entries[0]?.Value
      return c.body(value ? Buffer.from(value, 'base64') : '', 200, { 'content-type': 'text/plain; charset=utf-8' })
    }
    return c.json(entries)
  })

  app.put('/*', async (c) => {
    const key = keyOf(c)
    if (!key) return consulError(c, 400, 'Missing key name')
    const value = new Uint8Array(await c.req.arrayBuffer())
    if (value.length > maxValueBytes)
      return c.text(`Request body(${value.length} bytes) too large, max size: ${maxValueBytes} bytes.`, 413)
    const flags = optionalInt(c.req.query('flags'))
    const cas = optionalInt(c.req.query('cas'))
    if (flags === null || cas === null)
      return consulError(c, 400, 'Invalid flags or cas: must be a non-negative integer')
    const done = kv.set(key, value, { flags, cas })
    consulHeaders(c, clock.index)
    return c.json(done)
  })

  app.delete('/*', (c) => {
    const key = keyOf(c)
    const recurse = has(c, 'recurse')
    if (!key && !recurse) return consulError(c, 400, 'Missing key name')
    const cas = optionalInt(c.req.query('cas'))
    if (cas === null) return consulError(c, 400, 'Invalid cas: must be a non-negative integer')
    if (cas !== undefined && recurse) return consulError(c, 400, 'Conflicting flags: cas and recurse')
    const done = kv.delete(key, { recurse, cas })
    consulHeaders(c, clock.index)
    return c.json(done)
  })
  return app
}

function optionalInt(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined
  return /^\d+$/.test(value) ? Number(value) : null
}
