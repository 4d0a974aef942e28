import type { TestProject } from 'vitest/node'
import { join } from 'node:path'
import { startEmbeddedPostgres } from '../embedded-postgres.ts'
import { freePort } from './processes.ts'

declare module 'vitest' {
  interface ProvidedContext {
    testDatabaseUrl: string
  }
}

/**
 * One PostgreSQL for each test project (vitest.config.ts): TEST_DATABASE_URL when set,
 * otherwise an embedded server on a free port, in a folder of the project's own (the
 * projects' setups share one process), whose data is removed at the end.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('testDatabaseUrl', process.env.TEST_DATABASE_URL)
    return
  }
  const port = freePort()
  const root = join(import.meta.dirname, '../../../..')
  const pg = await startEmbeddedPostgres({
    dataDir: join(root, '.data', `test-postgres-${process.pid}-${project.name}`),
    port,
    persistent: false,
  })
  project.provide('testDatabaseUrl', pg.url)
  return async () => {
    await pg.stop()
  }
}
