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
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api'
import { pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from '@shopfront/kit/db-schema'

const root = join(import.meta.dirname, '../..')

/** The files of a new service named `name` (lower-case letters, digits and dashes), by path relative to its folder. */
export async function serviceFiles(name: string): Promise<Record<string, string>> {
  const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
  // the type's and the harness's name: wishList -> WishList
  const pascal = camel.charAt(0).toUpperCase() + camel.slice(1)
  const table = `${name.replaceAll('-', '_')}_items`
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@shopfront/${name}`,
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate --dialect=postgresql --schema=src/db/schema.ts --out=drizzle' },
        dependencies: { '@shopfront/kit': 'workspace:*', 'drizzle-orm': '0.45.4', hono: '4.13.19', zod: '4.1.9' },
      },
      null,
      2,
    )}\n`,
    'src/settings.ts': `import * as z from 'zod'
import { serviceSettings } from '@shopfront/kit'

/** The ${name} service's settings: the shared ones, its database, and its own section. */
export const ${camel}Settings = serviceSettings.extend({
  ${camel}: z.object({ maxItems: z.number().int().min(1) }),
})

export type ${pascal}Settings = z.infer<typeof ${camel}Settings>
`,
    'src/db/schema.ts': `import { pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamptz } from '@shopfront/kit/db-schema'

/** The ${name} service's tables; \`bun run db:generate\` writes a migration for each change. */
export const items = pgTable('${table}', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  owner: text('owner').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
})
`,
    'src/db/schema.test.ts': `import { join } from 'node:path'
import { schemaDrift } from '@shopfront/kit/testing'
import { expect, it } from 'vitest'
import * as schema from './schema.ts'

it('When the schema and the migrations are compared, then they agree', async () => {
  const drift = await schemaDrift(schema, join(import.meta.dirname, '../../drizzle'))
  expect(drift.unwritten).toEqual([])
  expect(drift.declared).toEqual(drift.migrated)
})
`,
    'src/items/items.repo.ts': `import { onPage, paged, type PostgresJsDatabase, withTotal } from '@shopfront/kit'
import { asc, getTableColumns } from 'drizzle-orm'
import { items } from '../db/schema.ts'

const { createdAt: _, ...itemColumns } = getTableColumns(items)
export type Item = Omit<typeof items.$inferSelect, 'createdAt'>

/** Items in the ${name} service's own database; every statement is here. */
export function createItemsRepo(db: PostgresJsDatabase) {
  return {
    async list(page: number, limit: number): Promise<{ items: Item[]; total: number }> {
      const query = db
        .select({ ...itemColumns, ...withTotal })
        .from(items)
        .orderBy(asc(items.createdAt), asc(items.id))
      return paged(await onPage(query.$dynamic(), { page, limit }))
    },
    async add(name: string, owner: string): Promise<Item> {
      const [row] = await db.insert(items).values({ name, owner }).returning(itemColumns)
      if (!row) throw new Error('the insert returned nothing')
      return row
    },
  }
}

export type ItemsRepo = ReturnType<typeof createItemsRepo>
`,
    'src/items/items.routes.ts': `import { pageQuery, principalOf, readJson, readQuery, serviceRoutes, type TokenVerifier } from '@shopfront/kit'
import { newItem } from '../contract.ts'
import type { ItemsRepo } from './items.repo.ts'

/** /api/${name}: anyone lists the items; a signed-in user adds one. */
export function itemRoutes({ repo, verifier }: { repo: ItemsRepo; verifier: TokenVerifier }) {
  const { app, signedIn } = serviceRoutes(verifier)
  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, pageQuery())
    return c.json({ ...(await repo.list(page, limit)), page, limit })
  })
  app.post('/', signedIn, async (c) => {
    const { name } = await readJson(c, newItem)
    return c.json(await repo.add(name, principalOf(c).id), 201)
  })
  return app
}
`,
    'src/contract.ts': `import { pageOf } from '@shopfront/kit'
import * as z from 'zod'

/**
 * What the ${name} service answers and accepts: its OpenAPI document states these, its
 * routes read with them, and its clients decode with them, so none can drift.
 */
export const item = z.object({ id: z.uuid(), name: z.string(), owner: z.string() })
export const itemPage = pageOf(item)
export const newItem = z.object({ name: z.string().trim().min(1).max(200) }).strict()
`,
    'src/openapi.ts': `import { openApiDocument as document, pageQuery } from '@shopfront/kit'
import { item, itemPage, newItem } from './contract.ts'

/** What the gateway merges into /openapi.json. */
export const openApiDocument = document('${name}', [
  {
    method: 'get',
    path: '/api/${name}',
    summary: 'The items, oldest first',
    access: 'public',
    query: pageQuery(),
    responses: { 200: { description: 'A page of items', schema: itemPage } },
  },
  {
    method: 'post',
    path: '/api/${name}',
    summary: 'Add an item',
    access: 'user',
    body: newItem,
    responses: { 201: { description: 'The item', schema: item } },
  },
])
`,
    'src/openapi.test.ts': `import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { start${pascal} } from './testing.ts'

describeApiDocument(await start${pascal}(), openApiDocument)
`,
    'src/testing.ts': `import { join } from 'node:path'
import { baseTestSettings, startServiceUnderTest } from '@shopfront/kit/testing'
import { createApp } from './app.ts'
import { ${camel}Settings } from './settings.ts'

export const settings = ${camel}Settings.parse({ ...baseTestSettings, ${camel}: { maxItems: 100 } })

/** The ${name} app under the kit's test harness. */
export async function start${pascal}() {
  return startServiceUnderTest({
    name: '${name}',
    settings,
    migrations: join(import.meta.dirname, '../drizzle'),
    createApp: (deps) => createApp(deps),
  })
}
`,
    'src/items/items.test.ts': `import { expect, it } from 'vitest'
import { start${pascal} } from '../testing.ts'

const { send, token } = await start${pascal}()

it('When a signed-in user adds an item, then anyone lists it; a visitor cannot add one, and bad input is a 400', async () => {
  const owner = \`owner-\${crypto.randomUUID()}\`
  const added = await send('POST', '/api/${name}', { body: { name: 'First' }, auth: await token(owner) })
  expect(added).toMatchObject({ status: 201, body: { name: 'First', owner } })
  const listed = await send('GET', '/api/${name}?limit=100')
  expect(listed.body.items).toContainEqual(added.body)
  expect((await send('POST', '/api/${name}', { body: { name: 'Second' } })).status).toBe(401)
  expect((await send('POST', '/api/${name}', { body: { name: '' }, auth: await token(owner) })).status).toBe(400)
})
`,
    'src/app.ts': `import { createServiceApp, type ServiceAppDeps } from '@shopfront/kit'
import { createItemsRepo } from './items/items.repo.ts'
import { itemRoutes } from './items/items.routes.ts'
import { openApiDocument } from './openapi.ts'
import type { ${pascal}Settings } from './settings.ts'

export type AppDeps = ServiceAppDeps<${pascal}Settings>

/** The ${name} service's HTTP app; tests drive it with app.request(). */
export function createApp({ db, config, logger, metrics, health, verifier }: AppDeps) {
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: config.current.http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.route('/api/${name}', itemRoutes({ repo: createItemsRepo(db), verifier }))
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
  createApp,
})
`,
    'src/main.ts': `import { runService } from '@shopfront/kit'
import { ${camel} } from './service.ts'

runService(${camel})
`,
    ...(await firstMigration(table)),
  }
}

/**
 * Its first migration as \`drizzle-kit generate\` writes one (the SQL, the journal and the
 * snapshot the next generate compares with), from the table the schema template declares;
 * the new service's schema test holds the two together.
 */
async function firstMigration(table: string): Promise<Record<string, string>> {
  const items = pgTable(table, {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    owner: text('owner').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  })
  const snapshot = generateDrizzleJson({ items })
  const statements = await generateMigration(generateDrizzleJson({}), snapshot)
  const journal = {
    version: '7',
    dialect: 'postgresql',
    entries: [{ idx: 0, version: '7', when: Date.now(), tag: '0000_init', breakpoints: true }],
  }
  return {
    'drizzle/0000_init.sql': statements.join('\n--> statement-breakpoint\n'),
    'drizzle/meta/_journal.json': `${JSON.stringify(journal, null, 2)}\n`,
    'drizzle/meta/0000_snapshot.json': `${JSON.stringify(snapshot, null, 2)}\n`,
  }
}

/** Its settings file in the settings repository. */
export function settingsFile(name: string): string {
  const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
  return `# The ${name} service.\ndatabase:\n  name: ${name.replaceAll('-', '_')}\n${camel}:\n  maxItems: 1000\n`
}

/** Writes the service into `dir/<name>` and its settings into `settingsDir`; refuses to overwrite. */
export async function scaffold(
  name: string,
  { dir = join(root, 'services'), settingsDir = join(root, 'config-server/settings') } = {},
) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))
    throw new Error(`"${name}" is not a service name: lower-case letters, digits and dashes`)
  const folder = join(dir, name)
  if (existsSync(folder)) throw new Error(`${folder} exists already`)
  for (const [path, text] of Object.entries(await serviceFiles(name))) {
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
    const folder = await scaffold(name ?? '', {
      dir: option('--dir') ?? join(root, 'services'),
      settingsDir: option('--settings') ?? join(root, 'config-server/settings'),
    })
    console.log(`wrote ${folder}; next: bun install, then see README: Adding a service`)
  } catch (err) {
    console.error(`error: ${(err as Error).message}`)
    process.exit(1)
  }
}
