import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCipher, createMemoryLogger, createMetrics, listen } from '@shopfront/kit'
import { createConfigServerApp } from './app.ts'
import { createRepository } from './repository.ts'

export const testToken = 'test-token'

/** A config server on a free port over a temporary settings folder made of `files`. */
export async function startConfigServer(files: Record<string, string>, { encryptKey = 'test-key' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shopfront-settings-'))
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text)
  for (const [name, text] of Object.entries(files)) write(name, text)
  const { logger, lines } = createMemoryLogger('config-server')
  const repository = createRepository(dir, { logger, debounceMs: 10, pollMs: 200 })
  await repository.reload()
  repository.watch()
  const cipher = createCipher(encryptKey)
  const metrics = createMetrics({ service: 'config-server', defaults: false })
  const app = createConfigServerApp({ repository, logger, metrics, token: testToken, cipher })
  const server = listen(app, { port: 0 })
  return {
    url: server.url,
    dir,
    write,
    repository,
    cipher,
    logLines: lines,
    get: (path: string, init: RequestInit = {}) =>
      fetch(server.url + path, {
        ...init,
        headers: { authorization: `Bearer ${testToken}`, ...(init.headers as Record<string, string>) },
      }),
    async close() {
      repository.close()
      await server.stop(true)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
