import { closeSync, openSync, readFileSync } from 'node:fs'
import type { Subprocess } from 'bun'
import { portFree } from '../serve.ts'
import { until } from './wait.ts'

export interface RunningProcess {
  name: string
  proc: Subprocess
  /** What it printed so far (stdout and stderr). */
  output: () => string
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Real processes for end-to-end tests, all killed by `stopAll()` (call it in afterAll),
 * so a test run leaves nothing running.
 *
 * @example
 *   const procs = createProcesses()
 *   const registry = procs.start('registry', ['bun', 'registry/src/main.ts'], { REGISTRY_PORT: '0' })
 */
export function createProcesses() {
  const running = new Set<RunningProcess>()
  return {
    /**
     * `logFile`: its output goes straight to that file, as a server's log would, rather
     * than through this process (a benchmark's load must not pay for reading it).
     */
    start(
      name: string,
      cmd: string[],
      env: Record<string, string> = {},
      { cwd, logFile }: { cwd?: string; logFile?: string } = {},
    ): RunningProcess {
      const spawnEnv = { ...process.env, ...env }
      let output: () => string
      let proc: Subprocess
      if (logFile) {
        // one descriptor, appending, for both streams: neither overwrites the other
        const fd = openSync(logFile, 'a')
        proc = Bun.spawn(cmd, { cwd, env: spawnEnv, stdout: fd, stderr: fd, stdin: 'ignore' })
        closeSync(fd)
        output = () => readFileSync(logFile, 'utf8')
      } else {
        let text = ''
        const piped = Bun.spawn(cmd, { cwd, env: spawnEnv, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
        const collect = async (stream: ReadableStream<Uint8Array>) => {
          const decoder = new TextDecoder()
          const reader = stream.getReader()
          for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value)
        }
        void collect(piped.stdout)
        void collect(piped.stderr)
        proc = piped
        output = () => text
      }
      const entry: RunningProcess = {
        name,
        proc,
        output,
        async stop(signal = 'SIGTERM') {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
          const code = await proc.exited
          running.delete(entry)
          return code
        },
      }
      running.add(entry)
      return entry
    },
    async stopAll() {
      await Promise.all([...running].map((p) => p.stop('SIGKILL')))
    },
  }
}

const handedOut = new Set<number>()

/** Where the kernel picks ports for outgoing connections and port-0 servers (Linux's default elsewhere). */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768
  } catch {
    return 32_768
  }
}

/**
 * A port nothing listens on right now, for a process a test starts. It is drawn below the
 * kernel's ephemeral range: a port from that range (what binding port 0 gives) can be
 * taken by any outgoing connection before the process binds it, which in a full run made
 * a platform's mail inbox fail to start. Never the same port twice in one process.
 */
export function freePort(): number {
  const low = 10_000
  const high = Math.max(low + 1_000, ephemeralStart())
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (handedOut.has(port) || !portFree(port)) continue
    handedOut.add(port)
    return port
  }
  throw new Error(`no free port between ${low} and ${high}`)
}

/**
 * Waits until `url` answers 2xx. Given the process that should answer, it stops waiting
 * as soon as that process has exited, and says what it printed.
 */
export async function waitForHttp(
  url: string,
  { timeoutMs = 15_000, server }: { timeoutMs?: number; server?: RunningProcess } = {},
) {
  await until(
    async () => {
      if (server && server.proc.exitCode !== null)
        throw new Error(`${server.name} exited (${server.proc.exitCode}) before ${url} answered:\n${server.output()}`)
      return (await fetch(url).catch(() => undefined))?.ok === true
    },
    { timeoutMs, stepMs: 50, what: `${url} answering` },
  )
}
