/**
 * The registry's Raft-like index: every change takes the next index, and blocking
 * queries wait until the index of what they watch moves past the one they hold.
 */
export class IndexClock {
  private current = 1
  private waiters = new Set<() => void>()

  get index() {
    return this.current
  }

  /** Takes the next index and wakes every blocked query so it can look again. */
  tick(): number {
    this.current += 1
    const woken = [...this.waiters]
    this.waiters.clear()
    for (const wake of woken) wake()
    return this.current
  }

  /**
   * Resolves when `indexOf()` is past `after`, when `timeoutMs` passes, or when `signal`
   * aborts (the client went away), whichever comes first.
   */
  async waitPast(indexOf: () => number, after: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (indexOf() <= after && Date.now() < deadline && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', done)
          this.waiters.delete(done)
          resolve()
        }
        const timer = setTimeout(done, deadline - Date.now())
        signal?.addEventListener('abort', done)
        this.waiters.add(done)
      })
    }
  }

  /** Blocked queries right now: for the UI and tests. */
  get blocked() {
    return this.waiters.size
  }
}
