/**
 * A value the pages read often and that changes rarely (the category list): loaded at most
 * once per `ttlMs`, one load at a time, and while its source cannot answer, the last value
 * it gave (or `fallback` before the first), so a page still renders.
 *
 * @example
 *   const categories = cached(() => shop.categories(), 60_000, [])
 *   await categories()
 */
export function cached<T>(load: () => Promise<T>, ttlMs: number, fallback: T): () => Promise<T> {
  let value = fallback
  let until = 0
  let loading: Promise<T> | undefined
  return () => {
    if (Date.now() < until) return Promise.resolve(value)
    loading ??= load()
      .then((fresh) => {
        value = fresh
        until = Date.now() + ttlMs
        return fresh
      })
      .catch(() => {
        // ask again soon, not on every page while the source is down
        until = Date.now() + Math.min(ttlMs, 5000)
        return value
      })
      .finally(() => {
        loading = undefined
      })
    return loading
  }
}

/**
 * The same for a value a page cannot do without (the home page's product lists): loaded at
 * most once per `ttlMs`, one load at a time; while its source cannot answer, the failure
 * (the page says so), never a stale value older than `ttlMs`.
 */
export function cachedOrFail<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let value: T | undefined
  let until = 0
  let loading: Promise<T> | undefined
  return () => {
    if (value !== undefined && Date.now() < until) return Promise.resolve(value)
    loading ??= load()
      .then((fresh) => {
        value = fresh
        until = Date.now() + ttlMs
        return fresh
      })
      .finally(() => {
        loading = undefined
      })
    return loading
  }
}
