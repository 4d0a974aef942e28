import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createProcesses, createTestDatabase, freePort, until, waitForHttp } from '@shopfront/kit/testing'
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
      // its API document is served beside it
      expect((await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as object).toMatchObject({
        info: { title: expect.stringContaining('wishlist') },
      })
    } finally {
      await procs.stopAll()
      await testDb.drop()
    }
  }, 60_000)

  it("When the new service's own tests run, then they pass: its feature, its API document, its schema against its first migration", async () => {
    const folder = join(scratch, 'wishlist')
    // the project's test setup, on the run's PostgreSQL, for the scaffolded folder alone
    writeFileSync(
      join(folder, 'vitest.config.ts'),
      `export default { test: { include: ['src/**/*.test.ts'], globalSetup: [${JSON.stringify(
        join(root, 'services/kit/src/testing/global-setup.ts'),
      )}], testTimeout: 30_000, hookTimeout: 60_000 } }\n`,
    )
    const run = procs.start(
      'wishlist tests',
      ['bun', '--bun', join(root, 'node_modules/.bin/vitest'), 'run', '--root', folder, '--reporter', 'dot'],
      { TEST_DATABASE_URL: inject('testDatabaseUrl'), REDIS_URL: '', NO_COLOR: '1' },
    )
    const code = await run.proc.exited
    expect(code, run.output().slice(-3000)).toBe(0)
    // its feature, its schema against its migration, and the four checks of its API document
    expect(run.output()).toMatch(/Tests\s+6 passed/)
  }, 120_000)
})
