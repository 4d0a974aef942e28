import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'

/** What a backup holds, in `manifest.json` beside the tables' files. */
export const manifestSchema = z.object({
  format: z.literal('shopfront-backup/1'),
  takenAt: z.string(),
  databases: z.array(
    z.object({
      name: z.string(),
      /** The migrations applied when it was taken (drizzle's own record): restore rebuilds that schema first. */
      migrations: z.array(z.object({ hash: z.string(), createdAt: z.number() })),
      /** Every sequence's state, so order numbers and ids go on where they were. */
      sequences: z.array(z.object({ schema: z.string(), name: z.string(), value: z.number(), called: z.boolean() })),
      /** Each table's rows in PostgreSQL's COPY text format, gzipped, with its count and checksum. */
      tables: z.array(
        z.object({
          schema: z.string(),
          name: z.string(),
          columns: z.array(z.string()),
          rows: z.number(),
          /** Inside the backup's folder: `<database>/<schema>.<table>.copy.gz`. */
          file: z.string().regex(/^[\w-]+\/[\w.-]+\.copy\.gz$/, 'a file inside the backup'),
          sha256: z.string(),
        }),
      ),
    }),
  ),
})

export type Manifest = z.infer<typeof manifestSchema>
export type DatabaseBackup = Manifest['databases'][number]
export type TableBackup = DatabaseBackup['tables'][number]

export class BackupError extends Error {
  override name = 'BackupError'
}

/** A backup's manifest, every file checked against its checksum: a damaged backup is refused before anything changes. */
export async function readBackup(dir: string): Promise<Manifest> {
  let manifest: Manifest
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')))
  } catch (err) {
    const why = err instanceof z.ZodError ? z.prettifyError(err).replaceAll('\n', ' ') : (err as Error).message
    throw new BackupError(`${dir} is not a Shopfront backup (manifest.json: ${why})`)
  }
  for (const table of manifest.databases.flatMap((d) => d.tables)) {
    const sum = await sha256Of(join(dir, table.file)).catch((err) => `unreadable: ${(err as Error).message}`)
    if (sum !== table.sha256) throw new BackupError(`${table.file} is damaged or missing (its checksum does not match)`)
  }
  return manifest
}

async function sha256Of(file: string) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A SQL identifier, quoted. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`
