import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BackupError, type DatabaseBackup } from './manifest.ts'

interface JournalEntry {
  tag: string
  when: number
}

/**
 * A migrations folder that rebuilds the schema a backup was taken at: the first of the
 * checkout's migrations, as many as the backup had, each checked to be the very one it had
 * (drizzle's hash of its SQL). Newer migrations are not in it: the service applies them at
 * its next start, to the restored data, as it would have to the data itself.
 */
export function migrationsAsTaken(folder: string, database: Pick<DatabaseBackup, 'name' | 'migrations'>) {
  const journalFile = join(folder, 'meta/_journal.json')
  if (!existsSync(journalFile)) throw new BackupError(`no migrations for database ${database.name} in ${folder}`)
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] }
  const taken = database.migrations
  if (taken.length > journal.entries.length)
    throw new BackupError(
      `database ${database.name} was backed up by a newer Shopfront (${taken.length} migrations, this checkout has ${journal.entries.length}): restore with that version`,
    )
  const entries = journal.entries.slice(0, taken.length)
  entries.forEach((entry, i) => {
    const hash = createHash('sha256')
      .update(readFileSync(join(folder, `${entry.tag}.sql`), 'utf8'))
      .digest('hex')
    if (hash !== taken[i]?.hash || entry.when !== taken[i]?.createdAt)
      throw new BackupError(
        `migration ${entry.tag} of database ${database.name} is not the one the backup was taken with: restore with the Shopfront version that took it`,
      )
  })
  const dir = mkdtempSync(join(tmpdir(), `shopfront-restore-${database.name}-`))
  mkdirSync(join(dir, 'meta'))
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }))
  for (const entry of entries) copyFileSync(join(folder, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`))
  return dir
}
