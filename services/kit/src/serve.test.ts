import { join } from 'node:path'
import { expect, it } from 'vitest'

const modules = { serve: join(import.meta.dirname, 'serve.ts'), logger: join(import.meta.dirname, 'logger.ts') }

/** Runs `script` in a process of its own after `surviveStrayResets`; its exit code and what it logged. */
async function run(script: string) {
  const proc = Bun.spawn(
    [
      'bun',
      '-e',
      `import { surviveStrayResets } from ${JSON.stringify(modules.serve)}
import { createLogger } from ${JSON.stringify(modules.logger)}
import { EventEmitter } from 'node:events'
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' })
surviveStrayResets(createLogger({ name: 'child' }))
${script}`,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  )
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ])
  const lines = out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
  return { code, lines, stderr: err }
}

it('When a socket reports a reset with no one listening, thrown or rejected, then the process logs it and goes on', async () => {
  // each step schedules the next before it fails, so a slow machine cannot run them out of order
  const { code, lines } = await run(`
setTimeout(() => {
  setTimeout(() => {
    setTimeout(() => console.log(JSON.stringify({ msg: 'still here' })), 50)
    Promise.reject(reset())
  }, 5)
  new EventEmitter().emit('error', reset())
}, 1)`)
  expect(code).toBe(0)
  expect(lines.map((l) => [l.msg, l.origin])).toEqual([
    ['connection reset with no one listening', 'uncaughtException'],
    ['connection reset with no one listening', 'unhandledRejection'],
    ['still here', undefined],
  ])
})

it('When anything else is uncaught, then the process still ends (exit 1) with its stack', async () => {
  const thrown = await run(`setTimeout(() => { throw new TypeError('a real bug') }, 1)`)
  expect(thrown.code).toBe(1)
  expect(thrown.stderr).toContain('a real bug')
  const rejected = await run(
    `setTimeout(() => { Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED', syscall: 'connect' })) }, 1)`,
  )
  expect(rejected.code).toBe(1)
  expect(rejected.stderr).toContain('refused')
})
