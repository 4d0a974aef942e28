import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { processAlive } from './process-alive.ts'
import { freePort, until } from './testing/index.ts'

it('When what started an embedded PostgreSQL is killed outright, then the server stops within seconds and a test’s data goes', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'shopfront-embedded-'))
  const dataDir = join(scratch, 'postgres')
  // a script that starts a server and never stops it: as a Ctrl-C on a script without a handler leaves it
  const starter = Bun.spawn(
    [
      process.execPath,
      '-e',
      `const { startEmbeddedPostgres } = await import(${JSON.stringify(join(import.meta.dirname, 'embedded-postgres.ts'))})
       const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${freePort()}, persistent: false })
       console.log(pg.dataDir)
       setInterval(() => {}, 1000)`,
    ],
    { stdout: 'pipe', stderr: 'inherit' },
  )
  try {
    const reader = starter.stdout.getReader()
    const { value } = await reader.read()
    const dir = new TextDecoder().decode(value).trim()
    const server = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0])
    expect(processAlive(server)).toBe(true)

    starter.kill('SIGKILL')
    await until(async () => !processAlive(server), { timeoutMs: 10_000, what: 'the orphaned server to stop' })
    await until(async () => !existsSync(dir), { timeoutMs: 5_000, what: 'its data to be removed' })
  } finally {
    starter.kill('SIGKILL')
    rmSync(scratch, { recursive: true, force: true })
  }
}, 60_000)
