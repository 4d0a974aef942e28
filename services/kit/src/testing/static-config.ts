import type { LiveConfig } from '../config/live-config.ts'

/** Settings that stay as given, for an app under test; `set` swaps them as a refresh would. */
export function staticConfig<T>(settings: T): LiveConfig<T> & { set(next: T): void } {
  let current = settings
  const listeners = new Set<(next: T, previous: T) => void>()
  return {
    get current() {
      return current
    },
    version: 'test',
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    refresh: async () => 'unchanged',
    close: async () => {},
    set(next) {
      const previous = current
      current = next
      for (const listener of listeners) listener(next, previous)
    },
  }
}
