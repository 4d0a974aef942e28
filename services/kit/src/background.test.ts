import { describe, expect, it } from 'vitest'
import { repeatInBackground, workThrough } from './background.ts'
import { createMemoryLogger } from './logger.ts'

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
      async () => batches.shift() ?? [],
      async (n) => {
        if (n === 2) throw new Error('not yet')
        done.push(n)
      },
      (n, err) => failed.push([n, (err as Error).message]),
    )
    expect([count, done, failed, batches]).toEqual([2, [1, 3], [[2, 'not yet']], []])
  })
})
