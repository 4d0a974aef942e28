/**
 * How a service's public routes and its OpenAPI document disagree: `undocumented` are
 * routes it serves that the document leaves out, `unserved` operations the document
 * describes that it does not serve. Public means under /api or /.well-known (/internal is
 * for services and not published). Both lists empty: the document is the truth.
 *
 * @example
 *   expect(apiDocumentDrift(app, openApiDocument)).toEqual({ undocumented: [], unserved: [] })
 */
export function apiDocumentDrift(
  app: { routes: { method: string; path: string }[] },
  doc: { paths: Record<string, Record<string, unknown>> },
) {
  const verbs = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
  // Hono's /:id{pattern} and OpenAPI's /{id} to one form
  const normal = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}').replace(/\/$/, '') || '/'
  const served = new Set(
    app.routes
      .filter((r) => verbs.has(r.method) && /^\/(api|\.well-known)\//.test(r.path))
      .map((r) => `${r.method} ${normal(r.path)}`),
  )
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${normal(path)}`),
    ),
  )
  return {
    undocumented: [...served].filter((r) => !documented.has(r)).sort(),
    unserved: [...documented].filter((r) => !served.has(r)).sort(),
  }
}
