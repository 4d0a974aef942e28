import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from './openapi.ts'

/** The operation both tests describe, each with what it looks at. */
const changeThing = { method: 'post', path: '/api/things/{id}', summary: 'Change a thing' } as const

describe('a service’s OpenAPI document', () => {
  it('When integers have no bounds of their own, then none are stated; a header parameter and who may call are documented', () => {
    const doc = openApiDocument('things', [
      {
        ...changeThing,
        access: 'support',
        body: z.object({ count: z.number().int(), percent: z.number().int().min(1).max(100) }),
        headers: [{ name: 'Idempotency-Key', required: true, description: 'new for each change' }],
        responses: { 200: { description: 'The thing', schema: z.object({ total: z.number().int() }) } },
      },
    ]) as any
    const op = doc.paths['/api/things/{id}'].post
    const body = op.requestBody.content['application/json'].schema.properties
    expect(body.count).toEqual({ type: 'integer' })
    expect(body.percent).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 })
    expect(JSON.stringify(doc)).not.toContain('9007199254740991')
    expect(op.parameters).toContainEqual({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'new for each change',
      schema: { type: 'string' },
    })
    expect(op.description).toBe('Access: support agents and admins.')
    expect(op.security).toEqual([{ bearer: [] }])
  })

  it('When an operation can refuse, then each refusal of its kind is stated as a problem, beside those it states itself', () => {
    const doc = openApiDocument('things', [
      {
        ...changeThing,
        access: 'admin',
        body: z.object({ name: z.string() }),
        responses: { 200: 'Changed', 409: 'The name is taken' },
      },
      { method: 'get', path: '/api/things', summary: 'The things', responses: { 200: 'Them' } },
    ]) as any
    const change = doc.paths['/api/things/{id}'].post.responses
    expect(Object.keys(change)).toEqual(['200', '400', '401', '403', '404', '409', '413', 'default'])
    expect(change[409]).toMatchObject({ description: 'The name is taken', content: { 'application/problem+json': {} } })
    expect(change[200]).toEqual({ description: 'Changed' })
    // a public list that takes nothing refuses nothing of its own
    expect(Object.keys(doc.paths['/api/things'].get.responses)).toEqual(['200', 'default'])
  })
})

describe('a document against the routes', () => {
  it('When a route is served but not described, or described but not served, then the drift names it', async () => {
    const { Hono } = await import('hono')
    const { apiDocumentDrift } = await import('../testing/api-document.ts')
    const app = new Hono()
    app.use('/api/*', async (_c, next) => next())
    app.get('/api/things/:id{[0-9a-f-]+}', (c) => c.text('thing'))
    app.post('/api/things', (c) => c.text('made'))
    app.get('/internal/things', (c) => c.text('not public'))
    const doc = openApiDocument('things', [
      { method: 'get', path: '/api/things/{id}', summary: 'One', responses: { 200: 'It' } },
      { method: 'delete', path: '/api/things/{id}', summary: 'Gone', responses: { 204: 'Gone' } },
    ])
    expect(apiDocumentDrift(app, doc)).toEqual({
      undocumented: ['POST /api/things'],
      unserved: ['DELETE /api/things/{id}'],
    })
  })
})

describe('the validators the services’ tests use', () => {
  it('When a document or an answer is wrong, then the validators say what', async () => {
    const { openApiProblems } = await import('../testing/api-document.ts')
    const { documentedAnswers } = await import('../testing/documented-answers.ts')
    expect(await openApiProblems({ openapi: '3.1.0', paths: {} })).not.toEqual([])
    const doc = openApiDocument('things', [
      {
        method: 'get',
        path: '/api/things/{id}',
        summary: 'One',
        responses: {
          200: { description: 'It', schema: z.object({ id: z.string(), count: z.number().int() }) },
          409: { description: 'Taken', schema: z.object({ holder: z.string() }) },
        },
      },
    ])
    expect(await openApiProblems(doc)).toEqual([])
    const check = await documentedAnswers(doc)
    expect(check('get', '/api/things/{id}', 200, { id: 'a', count: 2 })).toEqual([])
    expect(check('get', '/api/things/{id}', 200, { id: 'a', count: 'two' }).join()).toContain('/count must be integer')
    // a refusal with a schema: the problem's members and what it adds
    const taken = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Taken.' }
    expect(check('get', '/api/things/{id}', 409, { ...taken, holder: 'b' })).toEqual([])
    expect(check('get', '/api/things/{id}', 409, { ...taken, status: '409' }).join()).toMatch(/status must be integer/)
    expect(check('get', '/api/things/{id}', 409, taken).join()).toContain("must have required property 'holder'")
    expect(check('get', '/api/things/{id}', 418, {})).toEqual([
      'the document states no JSON answer 418 for GET /api/things/{id}',
    ])
    expect(check('post', '/api/things', 201, {})).toEqual(['the document has no POST /api/things'])
  })
})

describe('examples in the document', () => {
  it('When an operation has a body and an answer, then each has an example its schema accepts; a wrong one is found', async () => {
    const { exampleProblems } = await import('../testing/api-document.ts')
    const doc = openApiDocument('things', [
      {
        method: 'post',
        path: '/api/things',
        summary: 'Make one',
        body: z.object({
          code: z.string().regex(/^[A-Z]{2}$/),
          percent: z.number().int().min(1).max(100),
          email: z.email(),
          tags: z.array(z.string()),
        }),
        responses: { 201: { description: 'It', schema: z.object({ id: z.uuid(), kind: z.enum(['a', 'b']) }) } },
      },
    ]) as any
    const op = doc.paths['/api/things'].post
    expect(op.requestBody.content['application/json'].example).toEqual({
      code: 'US',
      percent: 1,
      email: 'ann@example.com',
      tags: ['example text'],
    })
    expect(op.responses[201].content['application/json'].example).toMatchObject({ kind: 'a' })
    expect(await exampleProblems(doc)).toEqual([])
    op.responses[201].content['application/json'].example = { id: 'x', kind: 'c' }
    expect((await exampleProblems(doc)).join()).toContain('POST /api/things 201')
  })
})
