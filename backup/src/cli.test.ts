import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { connectDatabase, migrateDatabase, portFree } from '@shopfront/kit'
import { startEmbeddedPostgres } from '@shopfront/kit/embedded-postgres'
import { freePort, until } from '@shopfront/kit/testing'
import { migrationsOf, root } from './server.ts'

const dataDir = join(root, '.data', `test-backup-cli-${process.pid}`)
const port = freePort()
const folder = mkdtempSync(join(tmpdir(), 'shopfront-backup-cli-'))
const backup = join(folder, 'backup')
afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

/** The command as a user runs it, with no DATABASE_URL and no platform running: the embedded server on `dataDir`. */
function run(...args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env
  const done = Bun.spawnSync(['bun', join(root, 'backup/src/main.ts'), ...args], {
    env: { ...env, SHOPFRONT_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) },
    cwd: root,
  })
  return { code: done.exitCode, out: done.stdout.toString(), err: done.stderr.toString() }
}

/** The embedded server on the data folder for `work`, then stopped (and its data removed with `remove`). */
async function onServer<T>(work: (url: string) => Promise<T>, remove = false) {
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port, persistent: !remove })
  try {
    return await work(pg.url)
  } finally {
    await pg.stop()
  }
}

const cartUrl = (url: string) => url.replace(/\/postgres$/, '/cart')

describe('bun run backup and bun run restore', () => {
  it('When a shop that is not running is backed up and restored, then the embedded server is started for each and stopped after, and the cart comes back', async () => {
    await onServer(async (url) => {
      const cart = await connectDatabase(cartUrl(url), { max: 2 })
      await migrateDatabase(cart, migrationsOf('cart'))
      await cart.sql`insert into cart_lines (user_id, product_id, quantity, name, unit_price, currency, available, active, seen_at)
        values ('u-1', ${crypto.randomUUID()}, 2, 'Teapot', 2500, 'EUR', 9, true, now())`
      await cart.close()
    })

    const taken = run('backup', backup)
    expect(taken.err).toBe('')
    expect(taken.out).toContain(`from the embedded database in`)
    expect(taken.out).toMatch(/cart +2 tables, 1 rows/)
    expect(taken.out).toContain('not on the server (never started?): products, sales, support, users, web')
    expect(portFree(port)).toBe(true)

    // nightly backups, the two newest kept: only backups named as the command names them are removed
    const nightly = (hour: number) => join(folder, `shopfront-2026-12-0${hour}T03-00-00Z`)
    for (const hour of [1, 2]) expect(run('backup', nightly(hour)).code).toBe(0)
    const kept = run('backup', '--keep', '2', nightly(3))
    expect(kept.out).toContain('removed the 1 older than the 2 newest: shopfront-2026-12-01T03-00-00Z')
    expect(readdirSync(folder).sort()).toEqual([
      'backup',
      'shopfront-2026-12-02T03-00-00Z',
      'shopfront-2026-12-03T03-00-00Z',
    ])
    expect(run('backup', '--keep', '0').err).toMatch(/^error: --keep takes a count \(1 or more\)\nusage:/)

    const refused = run('restore', backup)
    expect(refused.code).toBe(1)
    expect(refused.err).toBe(
      "error: database cart exists already: pass --replace to drop it and its data and restore the backup's\n",
    )
    expect(run('restore').err).toMatch(/^error: usage: bun run backup \[--keep <count>\] \[folder\]/)

    await onServer(async (url) => {
      const sql = postgres(cartUrl(url), { max: 1, onnotice: () => {} })
      await sql`delete from cart_lines`
      await sql.end()
    })
    const restored = run('restore', backup, '--replace')
    expect(restored.err).toBe('')
    expect(restored.out).toMatch(/cart +2 tables, 1 rows/)
    expect(portFree(port)).toBe(true)

    const lines = await onServer(async (url) => {
      const sql = postgres(cartUrl(url), { max: 1, onnotice: () => {} })
      const rows = await sql`select user_id, name, quantity from cart_lines`
      await sql.end()
      return rows
    }, true)
    expect(lines).toEqual([{ user_id: 'u-1', name: 'Teapot', quantity: 2 }])
  }, 120_000)

  it('When it runs nightly, then it waits for the time of day, backs up into a new folder of the one given, waits for the next night, and ends at SIGTERM', async () => {
    const nights = join(folder, 'nights')
    const soon = new Date(Date.now() + 3000)
    const at = [soon.getHours(), soon.getMinutes(), soon.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
    const { DATABASE_URL: _, ...env } = process.env
    const nightly = Bun.spawn(['bun', join(root, 'backup/src/main.ts'), 'backup', 'nightly', '--at', at, nights], {
      env: { ...env, SHOPFRONT_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) },
      cwd: root,
      stdout: 'pipe',
      stderr: 'pipe',
    })
    let out = ''
    const decoder = new TextDecoder()
    const reader = nightly.stdout.getReader()
    const reading = (async () => {
      for (let part = await reader.read(); !part.done; part = await reader.read()) out += decoder.decode(part.value)
    })()
    try {
      // the night's backup done, and the next night's time said
      await until(() => (out.match(/next backup at/g) ?? []).length === 2, { timeoutMs: 60_000, what: 'a night' })
    } finally {
      nightly.kill('SIGTERM')
    }
    expect(await nightly.exited).toBe(0)
    await reading
    expect(portFree(port)).toBe(true)
    expect(readdirSync(nights)).toEqual([expect.stringMatching(/^shopfront-\d{4}-\d\d-\d\dT[\d-]+Z$/)])
    expect(out).toContain('done in')
    expect(out.trimEnd()).toMatch(/stopped$/)
    expect(run('backup', 'nightly', '--at', '25:00').err).toMatch(/^error: --at takes a time of day \(HH:MM\)\nusage:/)
  }, 90_000)
})
