import { afterAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { connectDatabase } from '../db.ts'
import { createMemoryLogger } from '../logger.ts'
import { createTestDatabase } from '../testing/database.ts'
import { createServiceApp } from './service-app.ts'
import { paging, parse, readJson, readQuery } from './validate.ts'

const testDb = await createTestDatabase('badinput')
const database = await connectDatabase(testDb.url, { max: 2 })
afterAll(async () => {
  await database.close()
  await testDb.drop()
})

function makeApp() {
  const { logger, lines } = createMemoryLogger()
  const app = createServiceApp({ logger })
  app.get('/things', (c) => c.json(readQuery(c, z.object({ q: z.string().optional(), ...paging() }))))
  app.post('/things', async (c) =>
    c.json(await readJson(c, z.object({ name: z.string(), tags: z.array(z.string()).default([]) }))),
  )
  app.get('/things/:id', (c) => c.json(parse(z.object({ id: z.string() }), c.req.param(), 'path')))
  // a route whose validation is too lenient: the database is what refuses the value
  app.get('/raw', async (c) =>
    c.json(await database.sql`select ${c.req.query('q') ?? ''}::text as q, ${c.req.query('n') ?? '0'}::smallint as n`),
  )
  app.get('/unreachable', async () => {
    const down = await import('postgres').then((m) =>
      m.default('postgres://nobody@127.0.0.1:1/none', { connect_timeout: 1, max: 1 }),
    )
    try {
      return Response.json(await down`select 1`)
    } finally {
      await down.end({ timeout: 0 })
    }
  })
  return { app, lines }
}

const problem = async (res: Response) => ({
  status: res.status,
  type: res.headers.get('content-type'),
  body: (await res.json()) as any,
})

describe('bad input is a 400, handled once in the kit', () => {
  it('When a query has NUL, invalid UTF-8, an over-long value, or a page or limit past its range, then each is a 400 problem', async () => {
    const { app } = makeApp()
    const cases = [
      '/things?q=%00',
      '/things?q=a%C3%28b',
      '/things?q=%ED%A0%80',
      `/things?q=${'x'.repeat(1001)}`,
      '/things?page=1e20',
      '/things?page=100001',
      '/things?limit=-1',
      '/things?limit=101',
      '/things?page=1.5',
      '/things?limit=abc',
    ]
    for (const path of cases) {
      const res = await problem(await app.request(path))
      expect(res.status, path).toBe(400)
      expect(res.type, path).toBe('application/problem+json')
      expect(res.body.errors?.length, path).toBeGreaterThan(0)
    }
    expect((await app.request('/things?q=caf%C3%A9&page=2&limit=100')).status).toBe(200)
  })

  it('When a body or a path has NUL, a lone surrogate or invalid UTF-8, then it is a 400 naming the field', async () => {
    const { app } = makeApp()
    const post = (body: string | Uint8Array<ArrayBuffer>) =>
      app.request('/things', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    const nul = await problem(await post(JSON.stringify({ name: 'ok', tags: ['a', 'b\u0000'] })))
    expect(nul).toMatchObject({ status: 400, body: { errors: [{ path: 'tags.1' }] } })
    expect((await post('{"name":"\\ud800"}')).status).toBe(400)
    expect(
      (
        await problem(
          await post(Uint8Array.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
        )
      ).body.detail,
    ).toMatch(/UTF-8/)
    expect((await app.request('/things/a%00b')).status).toBe(400)
    expect((await post(JSON.stringify({ name: 'café 😀' }))).status).toBe(200)
  })

  it('When the database refuses a value validation let through, then it is a 400, not a 500, and the log says so', async () => {
    const { app, lines } = makeApp()
    expect((await problem(await app.request('/raw?q=a%00b'))).status).toBe(400)
    expect((await problem(await app.request('/raw?n=99999'))).status).toBe(400)
    expect(lines.some((l) => l.msg === 'the database refused a value validation let through')).toBe(true)
  })

  it('When the database cannot be reached, then it is a retryable 503 with Retry-After, not a 500', async () => {
    const { app } = makeApp()
    const res = await app.request('/unreachable')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(await res.json()).toMatchObject({ retryable: true })
  })
})
