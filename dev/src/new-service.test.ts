import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcesses, createTestDatabase, freePort, schemaDrift, until, waitForHttp } from '@shopfront/kit/testing'
import { scaffold } from './new-service.ts'

const root = join(import.meta.dirname, '../..')
const procs = createProcesses()
// under .data (ignored by git), not services/: a throwaway service must not join the repository's apps
const scratch = mkdtempSync(join(root, '.data', 'scaffold-'))
const settingsDir = join(scratch, 'settings')
afterAll(async () => {
  await procs.stopAll()
  rmSync(scratch, { recursive: true, force: true })
})

describe('adding a service (README: Adding a service)', () => {
  it('When a new service is scaffolded, then it boots as the others do: settings, migrations, registration, its API', async () => {
    mkdirSync(settingsDir)
    cpSync(join(root, 'config-server/settings/application.yml'), join(settingsDir, 'application.yml'))
    writeFileSync(
      join(settingsDir, 'application-test.yml'),
      'registry:\n  checkInterval: 300ms\n  checkTimeout: 300ms\n  deregisterAfter: 10s\n',
    )
    const folder = await scaffold('wishlist', { dir: scratch, settingsDir })
    // what `bun install` gives a workspace member: its dependencies, linked
    mkdirSync(join(folder, 'node_modules/@shopfront'), { recursive: true })
    symlinkSync(join(root, 'services/kit'), join(folder, 'node_modules/@shopfront/kit'))
    for (const dep of ['hono', 'zod', 'drizzle-orm'])
      symlinkSync(join(root, 'services/kit/node_modules', dep), join(folder, 'node_modules', dep))

    const testDb = await createTestDatabase('scaffold')
    const [registryPort, configPort, port] = [freePort(), freePort(), freePort()]
    procs.start('registry', ['bun', join(root, 'registry/src/main.ts')], { REGISTRY_PORT: String(registryPort) })
    procs.start('config-server', ['bun', join(root, 'config-server/src/main.ts')], {
      CONFIG_SERVER_PORT: String(configPort),
      CONFIG_REPO: settingsDir,
      CONSUL_HTTP_ADDR: `127.0.0.1:${registryPort}`,
    })
    await waitForHttp(`http://127.0.0.1:${configPort}/health/ready`)
    const service = procs.start('wishlist', ['bun', join(folder, 'src/main.ts')], {
      CONSUL_HTTP_ADDR: `127.0.0.1:${registryPort}`,
      CONFIG_SERVER_URL: `http://127.0.0.1:${configPort}`,
      PROFILES: 'test',
      DATABASE_URL: testDb.url,
      HTTP_PORT: String(port),
      REDIS_URL: '',
    })
    try {
      const passing = async () =>
        (
          (await (
            await fetch(`http://127.0.0.1:${registryPort}/v1/health/service/wishlist?passing`)
          ).json()) as unknown[]
        ).length
      await until(async () => (await passing().catch(() => 0)) === 1, {
        timeoutMs: 20_000,
        what: `the new service registered and passing (it said: ${service.output().slice(-500)})`,
      })
      const list = await fetch(`http://127.0.0.1:${port}/api/wishlist?limit=5`)
      expect(list.status).toBe(200)
      expect(await list.json()).toEqual({ items: [], total: 0, page: 1, limit: 5 })
      // the kit's edge, errors and auth come with it
      expect((await fetch(`http://127.0.0.1:${port}/api/wishlist`, { method: 'POST' })).status).toBe(401)
      expect((await fetch(`http://127.0.0.1:${port}/api/wishlist?page=0`)).status).toBe(400)
      // its first migration is what drizzle-kit makes of its schema
      const drift = await schemaDrift(await import(join(folder, 'src/db/schema.ts')), join(folder, 'drizzle'))
      expect(drift.unwritten).toEqual([])
      expect(drift.declared).toEqual(drift.migrated)
    } finally {
      await procs.stopAll()
      await testDb.drop()
    }
  }, 60_000)
})
