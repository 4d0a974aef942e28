/**
 * Stops an embedded PostgreSQL whose starter is gone; startEmbeddedPostgres runs it beside
 * the server: `bun embedded-postgres-watch.ts <starter pid> <server pid> [data folder to remove]`.
 * A starter killed outright (kill -9, a closed terminal, Ctrl-C on a script without a
 * handler) cannot stop its server, which runs in a process group of its own: this does,
 * within a second (a fast shutdown; killed after 15 s), and then removes a test's data.
 */
import { rmSync } from 'node:fs'
import { processAlive } from './process-alive.ts'

const [starter = 0, server = 0] = process.argv.slice(2, 4).map(Number)
const dataToRemove = process.argv[4]

let askedAt: number | undefined
while (processAlive(server)) {
  if (!processAlive(starter)) {
    askedAt ??= Date.now()
    process.kill(server, Date.now() - askedAt > 15_000 ? 'SIGKILL' : 'SIGINT')
  }
  await Bun.sleep(500)
}
if (dataToRemove) rmSync(dataToRemove, { recursive: true, force: true })
