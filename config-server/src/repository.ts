import { watch, type FSWatcher } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { Logger } from '@shopfront/kit'

export interface Snapshot {
  /** A content hash of every file: clients compare it to know when to refresh. */
  version: string
  /** Parsed documents by file name (`products-development.yml`). */
  files: Map<string, unknown>
  loadedAt: Date
}

export interface RepositoryProblem {
  file: string
  message: string
}

/**
 * The settings repository: every `*.yml` / `*.yaml` in one folder, read as one snapshot.
 * A change on disk makes a new snapshot (and version); a file that does not parse keeps
 * the last good snapshot served and is reported until it is fixed.
 */
export function createRepository(
  dir: string,
  { logger, debounceMs = 50, pollMs = 2000 }: { logger?: Logger; debounceMs?: number; pollMs?: number } = {},
) {
  let current: Snapshot | undefined
  let problem: RepositoryProblem | undefined
  const listeners = new Set<(s: Snapshot) => void>()
  let watcher: FSWatcher | undefined
  let poller: Timer | undefined
  let pending: Timer | undefined

  async function reload(): Promise<Snapshot> {
    const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort()
    const files = new Map<string, unknown>()
    const hash = createHash('sha256')
    for (const name of names) {
      const text = await readFile(join(dir, name), 'utf8')
      hash.update(name).update('\0').update(text).update('\0')
      try {
        files.set(name, parse(text) ?? {})
      } catch (err) {
        const message = (err as Error).message.split('\n')[0] ?? ''
        if (problem?.file !== name || problem.message !== message)
          logger?.error('settings file does not parse; serving the last good version', { file: name, error: message })
        problem = { file: name, message }
        return current ?? Promise.reject(new Error(`${name}: ${message}`))
      }
    }
    const version = hash.digest('hex').slice(0, 16)
    if (problem) logger?.info('settings parse again', { file: problem.file })
    problem = undefined
    if (version !== current?.version) {
      current = { version, files, loadedAt: new Date() }
      if (listeners.size) logger?.info('settings changed', { version })
      for (const listener of listeners) listener(current)
    }
    return current
  }

  const schedule = () => {
    clearTimeout(pending)
    pending = setTimeout(() => void reload().catch(() => {}), debounceMs)
  }

  return {
    dir,
    reload,
    get snapshot(): Snapshot {
      if (!current) throw new Error('repository not loaded')
      return current
    },
    get problem() {
      return problem
    },
    onChange(listener: (s: Snapshot) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    /** Watches the folder (with a slow poll as a safety net for file systems without events). */
    watch() {
      watcher = watch(dir, schedule)
      poller = setInterval(schedule, pollMs)
    },
    close() {
      watcher?.close()
      clearInterval(poller)
      clearTimeout(pending)
    },
  }
}

export type Repository = ReturnType<typeof createRepository>
