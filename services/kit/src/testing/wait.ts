/** Polls `predicate` until it holds; fails with a clear message after `timeoutMs`. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, stepMs = 20, what = 'condition' } = {},
) {
  const deadline = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
