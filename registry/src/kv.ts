import type { IndexClock } from './state.ts'

export interface KvEntry {
  LockIndex: number
  Key: string
  Flags: number
  Value: string | null
  CreateIndex: number
  ModifyIndex: number
}

/**
 * Consul's key/value store: values kept as base64 (as the API returns them), a
 * check-and-set on ModifyIndex, and tombstones so a watch on a deleted key wakes.
 */
export class KvStore {
  private entries = new Map<string, KvEntry>()
  private tombstones = new Map<string, number>()
  private tableIndex = 1

  constructor(private readonly clock: IndexClock) {}

  get(key: string): KvEntry | undefined {
    return this.entries.get(key)
  }

  list(prefix: string): KvEntry[] {
    return [...this.entries.values()].filter((e) => e.Key.startsWith(prefix)).sort((a, b) => (a.Key < b.Key ? -1 : 1))
  }

  /** Keys under a prefix; with a separator, folded at the first separator past the prefix. */
  keys(prefix: string, separator?: string): string[] {
    const out = new Set<string>()
    for (const { Key } of this.list(prefix)) {
      const at = separator ? Key.indexOf(separator, prefix.length) : -1
      out.add(separator && at !== -1 ? Key.slice(0, at + separator.length) : Key)
    }
    return [...out].sort()
  }

  /** The index a blocking read of this key (or prefix) waits past. */
  indexOf(key: string, prefix = false): number {
    let index = 0
    for (const e of prefix ? this.list(key) : [this.entries.get(key)]) if (e) index = Math.max(index, e.ModifyIndex)
    for (const [k, i] of this.tombstones) if (prefix ? k.startsWith(key) : k === key) index = Math.max(index, i)
    return index || this.tableIndex
  }

  /** Writes a value; with `cas`, only when the key's ModifyIndex is `cas` (0: only if absent). */
  set(key: string, value: Uint8Array, { flags, cas }: { flags?: number; cas?: number } = {}): boolean {
    const previous = this.entries.get(key)
    if (cas !== undefined && (previous?.ModifyIndex ?? 0) !== cas) return false
    const index = this.clock.tick()
    this.tableIndex = index
    this.tombstones.delete(key)
    this.entries.set(key, {
      LockIndex: 0,
      Key: key,
      Flags: flags ?? previous?.Flags ?? 0,
      Value: value.length ? Buffer.from(value).toString('base64') : null,
      CreateIndex: previous?.CreateIndex ?? index,
      ModifyIndex: index,
    })
    return true
  }

  /** Deletes a key, or every key under a prefix; with `cas`, only at that ModifyIndex. */
  delete(key: string, { recurse, cas }: { recurse?: boolean; cas?: number } = {}): boolean {
    const victims = recurse ? this.list(key) : [this.entries.get(key)].filter((e) => e !== undefined)
    if (cas !== undefined && !recurse && (victims[0]?.ModifyIndex ?? 0) !== cas) return false
    if (victims.length === 0) return true
    const index = this.clock.tick()
    this.tableIndex = index
    for (const e of victims) {
      this.entries.delete(e.Key)
      this.tombstones.set(e.Key, index)
    }
    return true
  }
}
