/**
 * A value the pages read often and that changes rarely (the category list, the home page's
 * product lists): loaded at most once per `ttlMs`, one load at a time. While its source
 * cannot answer, the failure (the page says so); or, with `whenDown`, the last value it
 * gave (`whenDown.fallback` before the first), asked for again after 5 s at most, so a page
 * still renders and a source that is down is not asked on every page.
 *
 * @example
 *   const categories = cached(() => shop.categories(), 60_000, { fallback: [] })
 *   await categories()
 */
export function cached<T>(load: () => Promise<T>, ttlMs: number, whenDown?: { fallback: T }): () => Promise<T> {
  let value = whenDown?.fallback
  let until = 0
  let loading: Promise<T> | undefined
  return () => {
    if (Date.now() < until) return Promise.resolve(value as T)
    loading ??= load()
      .then(
        (fresh) => {
          value = fresh
          until = Date.now() + ttlMs
          return fresh
        },
        (err) => {
          if (!whenDown) throw err
          until = Date.now() + Math.min(ttlMs, 5000)
          return value as T
        },
      )
      .finally(() => {
        loading = undefined
      })
    return loading
  }
}
