import type { Route } from '../settings.ts'

/**
 * Finds the route for a request: the longest prefix that covers the path, and among
 * routes with that prefix, one that names the method before one that takes them all.
 * Built once per routes list, so a config refresh reroutes the next request.
 */
export function createRouteTable() {
  let source: Route[] | undefined
  let sorted: Route[] = []
  return (routes: Route[], method: string, path: string): Route | undefined => {
    if (routes !== source) {
      source = routes
      sorted = [...routes].sort((a, b) => b.prefix.length - a.prefix.length || Number(!!b.methods) - Number(!!a.methods))
    }
    return sorted.find((r) => covers(r.prefix, path) && (!r.methods || r.methods.includes(method as never) || (method === 'HEAD' && r.methods.includes('GET'))))
  }
}

function covers(prefix: string, path: string) {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')
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
