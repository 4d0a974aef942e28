/**
 * `bun run new-service <name>`: a new service in the platform's shape, ready to run. It
 * writes `services/<name>/` (package.json, settings, a service definition, an app with one
 * feature folder, its first migration) and `config-server/settings/<name>.yml`; the README's
 * "Adding a service" says what to wire next (gateway route, docker-compose, Dockerfile).
 *   --dir <folder>       where the service folder goes (default services)
 *   --settings <folder>  the settings repository (default config-server/settings)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '../..')

/** The files of a new service named `name` (lower-case letters, digits and dashes), by path relative to its folder. */
export function serviceFiles(name: string): Record<string, string> {
  const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
  const table = `${name.replaceAll('-', '_')}_items`
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@shopfront/${name}`,
        private: true,
        type: 'module',
        dependencies: { '@shopfront/kit': 'workspace:*', hono: '4.13.19', postgres: '3.4.9', zod: '4.1.9' },
      },
      null,
      2,
    )}\n`,
    'src/settings.ts': `import * as z from 'zod'
import { baseSettings, databaseSettings } from '@shopfront/kit'

/** The ${name} service's settings: the shared ones, its database, and its own section. */
export const ${camel}Settings = baseSettings.extend(databaseSettings.shape).extend({
  ${camel}: z.object({ maxItems: z.number().int().min(1) }),
})

export type ${camel[0]!.toUpperCase()}${camel.slice(1)}Settings = z.infer<typeof ${camel}Settings>
`,
    'src/items/items.repo.ts': `import type { Sql } from 'postgres'

export interface Item {
  id: string
  name: string
  owner: string
}

/** Items in the ${name} service's own database; every statement is here. */
export function createItemsRepo(sql: Sql) {
  return {
    async list(page: number, limit: number): Promise<{ items: Item[]; total: number }> {
      const rows = await sql<{ id: string; name: string; owner: string }[]>\`
        SELECT id, name, owner FROM ${table} ORDER BY created_at, id LIMIT \${limit} OFFSET \${(page - 1) * limit}\`
      const [count] = await sql<{ total: number }[]>\`SELECT count(*)::int AS total FROM ${table}\`
      return { items: rows.map((r) => ({ ...r })), total: count?.total ?? 0 }
    },
    async add(name: string, owner: string): Promise<Item> {
      const [row] = await sql<{ id: string; name: string; owner: string }[]>\`
        INSERT INTO ${table} (name, owner) VALUES (\${name}, \${owner}) RETURNING id, name, owner\`
      if (!row) throw new Error('the insert returned nothing')
      return { ...row }
    },
  }
}

export type ItemsRepo = ReturnType<typeof createItemsRepo>
`,
    'src/items/items.routes.ts': `import { Hono } from 'hono'
import * as z from 'zod'
import { authenticate, paging, principalOf, readJson, readQuery, type AuthEnv, type TokenVerifier } from '@shopfront/kit'
import type { ItemsRepo } from './items.repo.ts'

const newItem = z.object({ name: z.string().trim().min(1).max(200) }).strict()

/** /api/${name}: anyone lists the items; a signed-in user adds one. */
export function itemRoutes({ repo, verifier }: { repo: ItemsRepo; verifier: TokenVerifier }) {
  const app = new Hono<AuthEnv>()
  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, z.object(paging()).strict())
    return c.json({ ...(await repo.list(page, limit)), page, limit })
  })
  app.post('/', authenticate(verifier, { require: true }), async (c) => {
    const { name } = await readJson(c, newItem)
    return c.json(await repo.add(name, principalOf(c).id), 201)
  })
  return app
}
`,
    'src/app.ts': `import type { Sql } from 'postgres'
import { createServiceApp, type HealthOptions, type LiveConfig, type Logger, type Metrics, type TokenVerifier } from '@shopfront/kit'
import { createItemsRepo } from './items/items.repo.ts'
import { itemRoutes } from './items/items.routes.ts'
import type { ${camel[0]!.toUpperCase()}${camel.slice(1)}Settings } from './settings.ts'

export interface AppDeps {
  sql: Sql
  config: LiveConfig<${camel[0]!.toUpperCase()}${camel.slice(1)}Settings>
  logger: Logger
  metrics?: Metrics
  health?: HealthOptions
  verifier: TokenVerifier
}

/** The ${name} service's HTTP app; tests drive it with app.request(). */
export function createApp({ sql, config, logger, metrics, health, verifier }: AppDeps) {
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.route('/api/${name}', itemRoutes({ repo: createItemsRepo(sql), verifier }))
  return app
}
`,
    'src/service.ts': `import { join } from 'node:path'
import { defineService } from '@shopfront/kit'
import { createApp } from './app.ts'
import { ${camel}Settings } from './settings.ts'

/** The ${name} service as it runs. */
export const ${camel} = defineService({
  name: '${name}',
  settings: ${camel}Settings,
  migrations: join(import.meta.dirname, '../drizzle'),
  createApp: ({ db, ...deps }) => createApp({ ...deps, sql: db.sql }),
})
`,
    'src/main.ts': `import { runService } from '@shopfront/kit'
import { ${camel} } from './service.ts'

runService(${camel})
`,
    'drizzle/0000_init.sql': `CREATE TABLE "${table}" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "name" text NOT NULL,
  "owner" text NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now()
);
`,
    'drizzle/meta/_journal.json': `${JSON.stringify({ version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: Date.now(), tag: '0000_init', breakpoints: true }] }, null, 2)}\n`,
  }
}

/** Its settings file in the settings repository. */
export function settingsFile(name: string): string {
  const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
  return `# The ${name} service.\ndatabase:\n  name: ${name.replaceAll('-', '_')}\n${camel}:\n  maxItems: 1000\n`
}

/** Writes the service into `dir/<name>` and its settings into `settingsDir`; refuses to overwrite. */
export function scaffold(
  name: string,
  { dir = join(root, 'services'), settingsDir = join(root, 'config-server/settings') } = {},
) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))
    throw new Error(`"${name}" is not a service name: lower-case letters, digits and dashes`)
  const folder = join(dir, name)
  if (existsSync(folder)) throw new Error(`${folder} exists already`)
  for (const [path, text] of Object.entries(serviceFiles(name))) {
    mkdirSync(join(folder, path, '..'), { recursive: true })
    writeFileSync(join(folder, path), text)
  }
  writeFileSync(join(settingsDir, `${name}.yml`), settingsFile(name))
  return folder
}

if (import.meta.main) {
  const [name] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
  const option = (flag: string) => process.argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1)
  try {
    const folder = scaffold(name ?? '', {
      dir: option('--dir') ?? join(root, 'services'),
      settingsDir: option('--settings') ?? join(root, 'config-server/settings'),
    })
    console.log(`wrote ${folder}; next: bun install, then see README: Adding a service`)
  } catch (err) {
    console.error(`error: ${(err as Error).message}`)
    process.exit(1)
  }
}
