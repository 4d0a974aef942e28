import * as z from 'zod'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from './openapi.ts'

describe('a service’s OpenAPI document', () => {
  it('When integers have no bounds of their own, then none are stated; a header parameter and who may call are documented', () => {
    const doc = openApiDocument('things', [
      {
        method: 'post',
        path: '/api/things/{id}',
        summary: 'Change a thing',
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
})
