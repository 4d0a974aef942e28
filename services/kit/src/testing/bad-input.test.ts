import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { createServiceApp } from '../http/service-app.ts'
import { openApiDocument } from '../http/openapi.ts'
import { readJson, readQuery } from '../http/validate.ts'
import { createMemoryLogger } from '../logger.ts'
import { badInputFindings } from './bad-input.ts'
import { createTestDatabase } from './database.ts'
import { sender } from './service-under-test.ts'
import { tableChanges } from './table-changes.ts'

const thing = z.object({ name: z.string().min(1).max(50), count: z.number().int().min(0).max(1000) }).strict()
const listQuery = z.object({ q: z.string().max(100).optional() })

/** An app with the kit's error handling; `careless` adds the mistakes a route can make. */
function makeApp(careless: boolean) {
  const { logger } = createMemoryLogger()
  const app = createServiceApp({ logger })
  const things = new Map<string, z.infer<typeof thing>>([['a1', { name: 'first', count: 1 }]])
  app.get('/api/things', (c) => c.json(readQuery(c, listQuery)))
  app.put('/api/things/:id', async (c) => {
    if (careless) {
      // trusts the body: a number where a string goes throws a TypeError
      const body = (await c.req.json()) as { name: string }
      return c.json({ name: body.name.toUpperCase() })
    }
    const body = await readJson(c, thing)
    things.set(c.req.param('id'), body)
    return c.json(body)
  })
  app.post('/api/things/:id/copies', (c) =>
    careless ? c.text('no such thing', 404) : c.json(things.get(c.req.param('id')) ?? null, 201),
  )
  return app
}

const doc = openApiDocument('things', [
  { method: 'get', path: '/api/things', summary: 'Things', query: listQuery, responses: { 200: 'Them' } },
  {
    method: 'put',
    path: '/api/things/{id}',
    summary: 'Set one',
    body: thing,
    responses: { 200: { description: 'It', schema: thing } },
  },
  { method: 'post', path: '/api/things/{id}/copies', summary: 'Copy one', responses: { 201: 'The copy' } },
])

describe('bad input, sent to every documented operation', () => {
  it('When the routes validate with the kit, then junk in the path, the query and the body finds nothing', async () => {
    expect(await badInputFindings(doc, sender(makeApp(false)), ['Bearer x'], { id: 'a1' })).toEqual([])
  })

  it('When a route trusts its body, answers otherwise than its document, and another answers a plain-text 404, then each is named', async () => {
    const findings = await badInputFindings(doc, sender(makeApp(true)), ['Bearer x'])
    expect(findings.some((f) => /^PUT \/api\/things\/\{id\}: 500 for .*"name":null/.test(f))).toBe(true)
    expect(findings).toContain(
      "PUT /api/things/{id}: its 200 answer is not the one its document states ((answer) must have required property 'count')",
    )
    expect(findings).toContain('POST /api/things/{id}/copies: a 404 that is not problem+json for /api/things/x/copies')
    expect(findings.filter((f) => f.startsWith('GET'))).toEqual([])
  })

  it('When an operation takes a body its document leaves out, then that is named', async () => {
    const app = createServiceApp({ logger: createMemoryLogger().logger })
    app.post('/api/notes', async (c) => c.json(await readJson(c, z.object({ text: z.string() })), 201))
    const undocumented = openApiDocument('notes', [
      { method: 'post', path: '/api/notes', summary: 'A note', responses: { 201: 'It' } },
    ])
    expect(await badInputFindings(undocumented, sender(app), [''])).toEqual([
      'POST /api/notes: takes a body its document does not describe (415 without one)',
    ])
  })
})

describe('bad input, and what a refusal writes', () => {
  it('When a route writes down a request before it validates it, then the table its refusals changed is named, unless the operation may write it', async () => {
    const database = await createTestDatabase()
    const sql = postgres(database.url, { max: 2, onnotice: () => {} })
    afterAll(async () => {
      await sql.end()
      await database.drop()
    })
    await sql`CREATE TABLE attempts (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`
    const app = createServiceApp({ logger: createMemoryLogger().logger })
    app.put('/api/things/:id', async (c) => {
      await sql`INSERT INTO attempts DEFAULT VALUES`
      return c.json(await readJson(c, thing))
    })
    const put = openApiDocument('things', [
      { method: 'put', path: '/api/things/{id}', summary: 'Set one', body: thing, responses: { 200: 'It' } },
    ])
    const findings = await badInputFindings(put, sender(app), [''], {}, { changed: tableChanges(sql) })
    expect(findings.length).toBeGreaterThan(0)
    expect(findings.every((f) => /^PUT \/api\/things\/\{id\}: a 400 for .* changed public\.attempts$/.test(f))).toBe(
      true,
    )
    const allowed = { changed: tableChanges(sql), refusalsWrite: { 'PUT /api/things/{id}': ['public.attempts'] } }
    expect(await badInputFindings(put, sender(app), [''], {}, allowed)).toEqual([])
  })
})
