import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createProcesses } from './processes.ts'

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
})
