import { describe, expect, it } from 'vitest'
import { apiDocumentDrift, exampleProblems, openApiProblems } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startUsers } from './testing.ts'

const { app } = await startUsers()

describe('the API document', () => {
  it('When the public routes are compared with the OpenAPI document, then each route is described and each description served', () => {
    expect(app.routes.filter((r: { path: string }) => r.path.startsWith('/api/')).length).toBeGreaterThan(2)
    expect(apiDocumentDrift(app, openApiDocument)).toEqual({ undocumented: [], unserved: [] })
  })

  it('When the document is checked by an OpenAPI validator, then it is a valid OpenAPI 3.1 document', async () => {
    expect(await openApiProblems(openApiDocument)).toEqual([])
  })

  it('When REST clients fill in "Try it out", then every request and answer has an example that matches its schema', async () => {
    expect(await exampleProblems(openApiDocument)).toEqual([])
  })
})
