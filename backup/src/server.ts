import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { portFree } from '@shopfront/kit'
import { platformData, startEmbeddedPostgres } from '@shopfront/kit/embedded-postgres'

export const root = resolve(import.meta.dirname, '../..')

/** The platform's databases: one per service with migrations, named after it (as its settings name it). */
export function platformDatabases() {
  return readdirSync(join(root, 'services'))
    .filter((name) => existsSync(join(root, 'services', name, 'drizzle/meta/_journal.json')))
    .sort()
}

export const migrationsOf = (name: string) => join(root, 'services', name, 'drizzle')

/**
 * Runs `work` against the server the platform uses: DATABASE_URL's; else `bun start`'s
 * embedded one, while it runs; else that embedded one started for the while, on its data
 * folder (`SHOPFRONT_DATA_DIR`, `.data` by default) and stopped after.
 */
export async function onPlatformServer<T>(
  work: (url: string, where: string) => Promise<T>,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  if (env.DATABASE_URL) return work(env.DATABASE_URL, `DATABASE_URL (${new URL(env.DATABASE_URL).host})`)
  const { dataDir, port, url } = platformData(root, env).postgres
  if (!portFree(port)) return work(url, `the running platform's database (127.0.0.1:${port})`)
  const pg = await startEmbeddedPostgres({ dataDir, port })
  try {
    return await work(pg.url, `the embedded database in ${dataDir} (started for this, stopped after)`)
  } finally {
    await pg.stop()
  }
}
