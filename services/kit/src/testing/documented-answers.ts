/**
 * Checks answers (JSON, or a refusal's problem+json) against the response schemas their
 * document states (JSON Schema 2020-12, as OpenAPI 3.1 uses, by Ajv): `check('get', '/api/tickets/{id}', 200, body)` gives what
 * does not match, or nothing. An operation or status the document does not state is an
 * error of its own.
 */
export async function documentedAnswers(doc: { paths: Record<string, Record<string, unknown>> }) {
  const { Ajv2020 } = await import('ajv/dist/2020.js')
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>()
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const op = doc.paths[path]?.[method] as
      | { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }
      | undefined
    if (!op) return [`the document has no ${method.toUpperCase()} ${path}`]
    const content = op.responses?.[String(status)]?.content
    const schema = (content?.['application/json'] ?? content?.['application/problem+json'])?.schema
    if (!schema) return [`the document states no JSON answer ${status} for ${method.toUpperCase()} ${path}`]
    const key = `${method} ${path} ${status}`
    const validate = compiled.get(key) ?? ajv.compile(schema)
    compiled.set(key, validate)
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => {
          const extra = (e.params as { additionalProperty?: string }).additionalProperty
          return `${e.instancePath || '(answer)'} ${e.message}${extra ? `: ${extra}` : ''}`
        })
  }
}
