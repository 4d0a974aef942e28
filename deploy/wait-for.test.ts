import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** Runs deploy/wait-for.ts as an init container would, trying every 50 ms. */
function waitFor(args: string[], timeoutMs = 10_000) {
  const child = spawn('bun', [join(import.meta.dirname, 'wait-for.ts'), ...args], {
    env: { ...process.env, WAIT_FOR_INTERVAL_MS: '50', WAIT_FOR_TIMEOUT_MS: String(timeoutMs) },
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  )
}

// a registry that knows the token only after a few tries (the ACL job still running)
let asked = 0
const tokens: (string | null)[] = []
const registry = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch(req) {
    tokens.push(req.headers.get('x-consul-token'))
    return new Response(null, { status: ++asked > 3 && tokens.at(-1) === 'the-token' ? 200 : 403 })
  },
})
const database = createServer().listen(0, '127.0.0.1')
await new Promise((resolve) => database.once('listening', resolve))
const databasePort = (database.address() as { port: number }).port
afterAll(() => {
  registry.stop(true)
  database.close()
})

describe('deploy/wait-for.ts (an init container waiting for what its app needs)', () => {
  it('When a URL answers 2xx only after a few tries and a port takes connections, then it exits 0, having sent the header each time', async () => {
    const { code, output } = await waitFor([
      '--header',
      'X-Consul-Token: the-token',
      `http://127.0.0.1:${registry.port}/v1/acl/token/self`,
      `tcp://127.0.0.1:${databasePort}`,
    ])
    expect(code, output).toBe(0)
    expect(asked).toBe(4)
    expect(new Set(tokens)).toEqual(new Set(['the-token']))
    expect(output).toContain(`waiting for http://127.0.0.1:${registry.port}/v1/acl/token/self`)
    expect(output).not.toContain('the-token')
  })

  it('When a target never answers, then it gives up at its timeout with exit 1, naming it', async () => {
    const closed = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => closed.once('listening', resolve))
    const port = (closed.address() as { port: number }).port
    await new Promise((resolve) => closed.close(resolve))
    const { code, output } = await waitFor([`tcp://127.0.0.1:${port}`, `tcp://127.0.0.1:${databasePort}`], 300)
    expect(code).toBe(1)
    // only what still does not answer
    expect(output).toContain(`gave up after 0 s waiting for tcp://127.0.0.1:${port}\n`)
  })

  it('When it is given no target or one it cannot read, then it exits 2 saying what a target is', async () => {
    for (const args of [[], ['postgres:5432'], ['--header', 'X: y']]) {
      const { code, output } = await waitFor(args)
      expect(code, args.join(' ')).toBe(2)
      expect(output).toContain('targets are http(s):// URLs or tcp://host:port')
    }
  })
})
