import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcesses, freePort, waitForHttp } from './processes.ts'

const procs = createProcesses()
const dir = mkdtempSync(join(tmpdir(), 'shopfront-procs-'))
afterAll(async () => {
  await procs.stopAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('test processes', () => {
  it('When a process is started, then what it prints on stdout and stderr is kept for the test', async () => {
    const run = procs.start('printer', ['bun', '-e', "console.log('to stdout'); console.error('to stderr')"])
    expect(await run.proc.exited).toBe(0)
    await Bun.sleep(50)
    expect(run.output()).toContain('to stdout')
    expect(run.output()).toContain('to stderr')
  })

  it('When a process logs to a file, then both streams land there in full, and output() reads it', async () => {
    const logFile = join(dir, 'printer.log')
    const run = procs.start(
      'printer',
      ['bun', '-e', "for (let i = 0; i < 1000; i++) console.log('line ' + i); console.error('the end')"],
      {},
      { logFile },
    )
    expect(await run.proc.exited).toBe(0)
    const lines = readFileSync(logFile, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(1001)
    expect(lines).toContain('line 999')
    expect(lines).toContain('the end')
    expect(run.output()).toBe(readFileSync(logFile, 'utf8'))
  })

  it('When ports are handed out for servers, then each is free, below the ephemeral range, and none comes twice', () => {
    const ephemeral = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    const ports = Array.from({ length: 200 }, freePort)
    expect(new Set(ports).size).toBe(200)
    expect(ports.every((p) => p >= 10_000 && p < ephemeral)).toBe(true)
  })

  it('When the server a test waits for exits instead, then the wait ends at once with what it printed', async () => {
    const port = freePort()
    const server = procs.start('doomed', ['bun', '-e', "console.error('EADDRINUSE on purpose'); process.exit(2)"])
    const started = Date.now()
    const error = await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000, server }).catch((e: Error) => e)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(String(error)).toMatch(
      /doomed exited \(2\) before http:\/\/127\.0\.0\.1:\d+\/ answered:\n.*EADDRINUSE on purpose/s,
    )
  })
})
