/**
 * `bun run backup [--keep <count>] [folder]` and `bun run restore <folder> [--replace]`: the
 * shop's data (every service's database) into a folder and back, on the server the platform uses.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runMain, StartupError } from '@shopfront/kit'
import { BackupError, type Manifest } from './manifest.ts'
import { restoreBackup } from './restore.ts'
import { migrationsOf, onPlatformServer, platformDatabases, root } from './server.ts'
import { everyNight, timeOfDay } from './nightly.ts'
import { takeBackup } from './take.ts'

const usage =
  'usage: bun run backup [--keep <count>] [folder]  |  bun run backup nightly [--at HH:MM] [--keep <count>] [folder]  |  bun run restore <folder> [--replace]'

function summary(manifest: Manifest, dir: string) {
  return manifest.databases.map((d) => {
    const rows = d.tables.reduce((n, t) => n + t.rows, 0)
    const bytes = d.tables.reduce((n, t) => n + statSync(join(dir, t.file)).size, 0)
    return `  ${d.name.padEnd(10)} ${d.tables.length} tables, ${rows} rows, ${(bytes / 1024).toFixed(0)} KB`
  })
}

/** Removes all but the `keep` newest backups named by default (`shopfront-<time>`) in `parent`; what it removed. */
function prune(parent: string, keep: number) {
  const made = readdirSync(parent)
    .filter(
      (name) => /^shopfront-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(name) && existsSync(join(parent, name, 'manifest.json')),
    )
    .sort()
  const old = made.slice(0, Math.max(0, made.length - keep))
  for (const name of old) rmSync(join(parent, name), { recursive: true, force: true })
  return old
}

function options(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { replace: { type: 'boolean', default: false }, keep: { type: 'string' }, at: { type: 'string' } },
      allowPositionals: true,
    })
    const keep = values.keep === undefined ? undefined : Number(values.keep)
    if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1))
      throw new Error('--keep takes a count (1 or more)')
    const at = values.at === undefined ? undefined : timeOfDay(values.at)
    if (values.at !== undefined && !at) throw new Error('--at takes a time of day (HH:MM)')
    return { replace: values.replace, keep, at, positionals }
  } catch (err) {
    throw new StartupError(`${(err as Error).message}\n${usage}`)
  }
}

/** A new backup's folder name, `shopfront-<time>`: the ones `--keep` counts as its own. */
const newBackupName = () =>
  `shopfront-${new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z')}`

/** A backup into `dir`; with `keep`, only the `keep` newest of the backups named by default beside it stay. */
async function backUp(dir: string, keep: number | undefined) {
  const started = Date.now()
  await onPlatformServer(async (url, where) => {
    console.log(`backing up from ${where} to ${relative(process.cwd(), dir) || dir}`)
    const { manifest, missing } = await takeBackup(url, platformDatabases(), dir)
    for (const line of summary(manifest, dir)) console.log(line)
    if (missing.length) console.log(`  not on the server (never started?): ${missing.join(', ')}`)
  })
  const removed = keep ? prune(dirname(dir), keep) : []
  if (removed.length)
    console.log(`  removed the ${removed.length} older than the ${keep} newest: ${removed.join(', ')}`)
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

async function main([command, ...args]: string[]) {
  const started = Date.now()
  const { replace, keep, at, positionals } = options(args)
  const [folder, ...extra] = positionals
  const backups = join(root, 'backups')
  if (command === 'backup' && folder === 'nightly' && !replace && extra.length <= 1) {
    // each night's backup in a folder of its own, in the one given
    const parent = resolve(extra[0] ?? backups)
    await everyNight(at ?? [3, 0, 0], () => backUp(join(parent, newBackupName()), keep))
  } else if (command === 'backup' && !replace && !extra.length && at === undefined) {
    await backUp(resolve(folder ?? join(backups, newBackupName())), keep)
  } else if (command === 'restore' && folder && !extra.length && keep === undefined && at === undefined) {
    const dir = resolve(folder)
    await onPlatformServer(async (url, where) => {
      console.log(`restoring ${relative(process.cwd(), dir) || dir} onto ${where}`)
      const manifest = await restoreBackup(url, dir, { replace, migrationsOf })
      for (const line of summary(manifest, dir)) console.log(line)
      console.log(
        `the backup of ${manifest.takenAt}, restored; \`bun start\` brings each database up to this version's schema`,
      )
    })
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } else {
    throw new StartupError(usage)
  }
}

runMain(() =>
  main(process.argv.slice(2)).catch((err) => {
    throw err instanceof BackupError ? new StartupError(err.message) : err
  }),
)
