import type { Subprocess } from 'bun'
import { pipeLines, prefixer } from './output.ts'

export interface Child {
  name: string
  proc: Subprocess<'ignore', 'pipe', 'pipe'>
  lastLines: string[]
  stop(graceMs?: number): Promise<void>
}

/** A platform process, its output prefixed with its name; `stop` is SIGTERM, then SIGKILL after the grace period. */
export function spawnChild(name: string, script: string, env: Record<string, string | undefined>, cwd: string): Child {
  const print = prefixer(name)
  const lastLines: string[] = []
  const onLine = (line: string) => {
    lastLines.push(line)
    if (lastLines.length > 20) lastLines.shift()
    print(line)
  }
  // its own process group: a Ctrl-C at the terminal reaches only `bun start`, which stops children in order
  const proc = Bun.spawn([process.execPath, script], {
    cwd,
    env: { ...process.env, ...env, SHOPFRONT_PARENT_PID: String(process.pid) },
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
    detached: true,
  })
  void pipeLines(proc.stdout, onLine)
  void pipeLines(proc.stderr, onLine)
  return {
    name,
    proc,
    lastLines,
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
      await proc.exited
      clearTimeout(timer)
    },
  }
}

/** Polls until `check` holds, the child dies (an error with its last lines), or time runs out. */
export async function waitUntil(what: string, check: () => Promise<boolean>, child?: Child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (child && child.proc.exitCode !== null)
      throw new Error(`${child.name} exited (code ${child.proc.exitCode}) before it was ready`)
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`)
    await Bun.sleep(100)
  }
}
