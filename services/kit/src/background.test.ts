import { describe, expect, it } from 'vitest'
import { repeatInBackground, workThrough } from './background.ts'
import { createMemoryLogger } from './logger.ts'
import { currentTrace } from './context.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('repeatInBackground', () => {
  it('When started, then it runs again and again, never two runs at once; a failed run is logged and the next one comes; stop waits for the run in progress', async () => {
    const { logger, lines } = createMemoryLogger()
    let runs = 0
    let inside = 0
    let overlapped = false
    const loop = repeatInBackground({
      name: 'test work',
      intervalMs: () => 5,
      logger,
      run: async () => {
        overlapped ||= inside > 0
        inside++
        runs++
        await sleep(10)
        inside--
        if (runs === 2) throw new Error('boom')
        return runs
      },
    })
    loop.start()
    await sleep(120)
    loop.nudge()
    await loop.stop()
    const after = runs
    await sleep(40)
    expect(runs).toBe(after)
    expect(runs).toBeGreaterThanOrEqual(4)
    expect(overlapped).toBe(false)
    expect(inside).toBe(0)
    expect(lines.some((l) => l.msg === 'test work failed; trying again' && l.error === 'boom')).toBe(true)
  })

  it('When not started, then runNow runs once on demand and nudge does nothing', async () => {
    let runs = 0
    const loop = repeatInBackground({ name: 'idle', intervalMs: () => 5, run: async () => ++runs })
    loop.nudge()
    await sleep(20)
    expect(runs).toBe(0)
    expect(await loop.runNow()).toBe(1)
    await sleep(20)
    expect(runs).toBe(1)
  })
})

describe('workThrough', () => {
  it('When batches are claimed until none is left, then each item is done once, a failed one is handed over and the rest go on', async () => {
    const batches = [[1, 2], [3], []]
    const done: number[] = []
    const failed: [number, string][] = []
    const count = await workThrough(
      'numbers',
      async () => batches.shift() ?? [],
      async (n) => {
        if (n === 2) throw new Error('not yet')
        done.push(n)
      },
      (n, err) => failed.push([n, (err as Error).message]),
    )
    expect([count, done, failed, batches]).toEqual([2, [1, 3], [[2, 'not yet']], []])
  })

  it('When items are worked through, then each is a trace of its own: what it calls and logs, even its failure, names that trace', async () => {
    const { logger, lines } = createMemoryLogger()
    const batches = [[1, 2], []]
    const traced: Record<number, string | undefined> = {}
    await workThrough(
      'numbers',
      async () => batches.shift() ?? [],
      async (n) => {
        traced[n] = currentTrace()?.traceId
        if (n === 2) throw new Error('not yet')
      },
      (n, err) => logger.warn('not done yet', { n, error: String(err) }),
    )
    expect(traced[1]).toMatch(/^[0-9a-f]{32}$/)
    expect(traced[2]).toMatch(/^[0-9a-f]{32}$/)
    expect(traced[1]).not.toBe(traced[2])
    // the failure's log line is part of the item's trace; background work has no request id
    expect(lines).toEqual([expect.objectContaining({ msg: 'not done yet', n: 2, traceId: traced[2] })])
    expect(lines[0]).not.toHaveProperty('requestId')
    expect(currentTrace()).toBeUndefined()
  })
})
