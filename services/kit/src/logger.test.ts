import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createMemoryLogger } from './logger.ts'

const loggerModule = join(import.meta.dirname, 'logger.ts')

/** Runs a script that uses the real stdout logger, in its own process, and returns what it printed. */
async function run(script: string) {
  const proc = Bun.spawn(
    [
      'bun',
      '-e',
      `import { createLogger } from ${JSON.stringify(loggerModule)}\nconst log = createLogger({ name: 'child' })\n${script}`,
    ],
    { stdout: 'pipe', stderr: 'inherit' },
  )
  return proc
}

describe('the JSON line logger', () => {
  it('When fields and an error are logged, then one JSON line carries them, the error as name, message and stack', () => {
    const { logger, lines } = createMemoryLogger('cart')
    logger.child({ requestId: 'r-1' }).error('failed', { err: new TypeError('bad'), orderId: 7 })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'cart',
        msg: 'failed',
        requestId: 'r-1',
        orderId: 7,
        err: expect.objectContaining({ name: 'TypeError', message: 'bad' }),
      }),
    ])
    expect(Date.parse(lines[0].time as string)).not.toBeNaN()
  })

  it('When a failed drizzle query is logged, then the line has its statement and the driver error, never its values', async () => {
    const { DrizzleQueryError } = await import('drizzle-orm/errors')
    const { logger, lines } = createMemoryLogger('users')
    const cause = Object.assign(new Error('duplicate key'), { name: 'PostgresError', code: '23505' })
    const failed = new DrizzleQueryError(
      'insert into "users" ("password_hash") values ($1)',
      ['$argon2id$secret'],
      cause,
    )
    logger.error('failed', { err: failed })
    expect(lines[0]).toMatchObject({
      err: {
        name: 'DrizzleQueryError',
        message: 'Failed query: insert into "users" ("password_hash") values ($1)',
        cause: { name: 'PostgresError', message: 'duplicate key' },
      },
    })
    expect(JSON.stringify(lines)).not.toContain('secret')
  })

  it('When a process logs many lines and exits, then every line is written, whole and in order', async () => {
    const proc = await run(
      `for (let i = 0; i < 5000; i++) log.info('line', { i, pad: 'x'.repeat(40) })\nprocess.exit(0)`,
    )
    const out = await new Response(proc.stdout).text()
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i))
  })

  it('When a warning is logged, then it is written at once, not held with the buffered lines', async () => {
    // the process then blocks its event loop: only a line written at once can get out
    const proc = await run(
      `log.info('held'); log.warn('urgent')\nconst end = Date.now() + 10_000\nwhile (Date.now() < end) {}`,
    )
    const reader = proc.stdout.getReader()
    const read = reader.read().then((r) => new TextDecoder().decode(r.value))
    const first = await Promise.race([read, Bun.sleep(3000).then(() => 'nothing within 3 s')])
    proc.kill('SIGKILL')
    expect(
      first
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).msg),
    ).toEqual(['held', 'urgent'])
  })
})
