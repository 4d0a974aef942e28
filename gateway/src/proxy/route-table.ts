import type { Route } from '../settings.ts'

/**
 * Finds the route for a request: the longest prefix that covers the path, and among
 * routes with that prefix, one that names the method before one that takes them all.
 * Built once per routes list, so a config refresh reroutes the next request.
 */
export function createRouteTable() {
  let source: Route[] | undefined
  let table: { route: Route; below: string; methods?: Set<string> }[] = []
  return (routes: Route[], method: string, path: string): Route | undefined => {
    if (routes !== source) {
      // built once per routes list: nothing is allocated per request
      source = routes
      table = [...routes]
        .sort((a, b) => b.prefix.length - a.prefix.length || Number(!!b.methods) - Number(!!a.methods))
        .map((route) => ({
          route,
          below: route.prefix.endsWith('/') ? route.prefix : `${route.prefix}/`,
          methods: route.methods && new Set(route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods),
        }))
    }
    for (const entry of table) {
      if (
        (path === entry.route.prefix || path.startsWith(entry.below)) &&
        (!entry.methods || entry.methods.has(method))
      )
        return entry.route
    }
    return undefined
  }
}

/** Internal endpoints are for services only; dot segments could be used to reach them. */
export function isForbiddenPath(path: string): boolean {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return true
  }
  const segments = decoded.split('/')
  return segments.includes('internal') || segments.includes('..') || segments.includes('.') || decoded.includes('\\')
}

const hexPair = /^[0-9A-Fa-f]{2}$/
const unreserved = /^[A-Za-z0-9\-._~]$/
const dotSegment = /(^|\/)\.\.?(\/|$)/

/**
 * The one form of a path that routing, rate-limit classes, edge auth and the upstream all
 * see: percent-encoded unreserved characters decoded (`/api/auth/%6Cogin` is
 * `/api/auth/login`), other escapes with upper-case hex. Undefined, to be refused, for
 * what could mean another path to someone else: an encoded `/` or `\`, a `\`, NUL, a bad
 * escape, a `.` or `..` segment.
 */
export function normalizePath(path: string): string | undefined {
  if (path.includes('\\')) return undefined
  let out = path
  if (path.includes('%')) {
    out = ''
    for (let i = 0; i < path.length; i++) {
      const ch = path.charAt(i)
      if (ch !== '%') {
        out += ch
        continue
      }
      const hex = path.slice(i + 1, i + 3)
      if (!hexPair.test(hex)) return undefined
      const decoded = String.fromCharCode(parseInt(hex, 16))
      if (decoded === '\0' || decoded === '/' || decoded === '\\') return undefined
      out += unreserved.test(decoded) ? decoded : `%${hex.toUpperCase()}`
      i += 2
    }
  }
  return dotSegment.test(out) ? undefined : out
}
