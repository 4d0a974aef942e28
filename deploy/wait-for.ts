/**
 * An init container's wait, Kubernetes' counterpart of docker-compose's `depends_on`: until
 * every target answers, then exit 0 so the pod's app starts. A target is an HTTP URL (a 2xx
 * answer, each `--header "Name: value"` sent with it) or `tcp://host:port` (a connection
 * taken). It tries every WAIT_FOR_INTERVAL_MS (1000), says what it still waits for every
 * ten tries, and after WAIT_FOR_TIMEOUT_MS (600000) exits 1, naming it; Kubernetes then
 * restarts the init container.
 *   bun deploy/wait-for.ts http://config-server:8888/health/ready tcp://postgres:5432
 */
import { connect } from 'node:net'

const interval = Number(process.env.WAIT_FOR_INTERVAL_MS ?? 1000)
const timeout = Number(process.env.WAIT_FOR_TIMEOUT_MS ?? 600_000)

const headers = new Headers()
const targets: string[] = []
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? ''
  if (arg !== '--header') targets.push(arg)
  else {
    const [name = '', ...value] = (args[++i] ?? '').split(':')
    headers.set(name.trim(), value.join(':').trim())
  }
}
const wrong = targets.filter((t) => !/^(https?|tcp):\/\/[^/:]+(:\d+)?/.test(t))
if (targets.length === 0 || wrong.length > 0) {
  console.error(`wait-for: targets are http(s):// URLs or tcp://host:port (given: ${args.join(' ') || 'none'})`)
  process.exit(2)
}

/** Whether the target answers now (within the interval). */
async function answers(target: string): Promise<boolean> {
  const signal = AbortSignal.timeout(Math.max(interval, 500))
  if (!target.startsWith('tcp://'))
    return fetch(target, { headers, signal }).then(
      (res) => res.ok,
      () => false,
    )
  const { hostname, port } = new URL(target.replace(/^tcp:/, 'http:'))
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    signal.addEventListener('abort', () => done(false))
  })
}

const started = Date.now()
let waiting = targets
for (let attempt = 1; waiting.length > 0; attempt++) {
  const results = await Promise.all(waiting.map(answers))
  waiting = waiting.filter((_, i) => !results[i])
  if (waiting.length === 0) break
  if (Date.now() - started > timeout) {
    console.error(`wait-for: gave up after ${Math.round(timeout / 1000)} s waiting for ${waiting.join(', ')}`)
    process.exit(1)
  }
  if (attempt % 10 === 1) console.log(`wait-for: waiting for ${waiting.join(', ')}`)
  await new Promise((resolve) => setTimeout(resolve, interval))
}
console.log(`wait-for: ${targets.join(', ')} answer`)
