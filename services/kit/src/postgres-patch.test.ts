import net from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from './testing/index.ts'

const testDb = await createTestDatabase('kitpatch')
afterAll(() => testDb.drop())

/**
 * postgres.js drops every listener of a socket once it closes; Bun can report a reset on
 * that socket afterwards, and an 'error' with no listener is thrown, out of any request,
 * and ends the process. The patch (patches/postgres@3.4.9.patch) leaves one listener.
 */
describe('the patched postgres.js', () => {
  it('When a closed connection reports a reset afterwards, then nothing is thrown and the pool goes on', async () => {
    const url = new URL(testDb.url)
    const sockets: net.Socket[] = []
    // the connection's socket, connected as postgres.js expects of one it is given (its
    // `socket` option, which its types leave out)
    const options = {
      max: 1,
      onnotice: () => {},
      socket: () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(url.port || 5432), url.hostname)
          sockets.push(socket)
          socket.once('connect', () => resolve(socket))
          socket.once('error', reject)
        }),
    }
    const sql = postgres(testDb.url, options)
    try {
      expect((await sql`select 1 as one`)[0]?.one).toBe(1)
      const [socket] = sockets
      if (!socket) throw new Error('no socket was made')
      socket.destroy()
      await new Promise((resolve) => socket.once('close', resolve))
      const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
      expect(() => socket.emit('error', reset)).not.toThrow()
      // the pool connects again for the next query
      expect((await sql`select 2 as two`)[0]?.two).toBe(2)
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  it('When the server refuses a COPY FROM STDIN once it has all the rows, then the stream fails with its error and the transaction rolls back', async () => {
    const sql = postgres(testDb.url, { max: 1, onnotice: () => {} })
    try {
      await sql`create table copy_parents (id int primary key)`
      await sql`create table copy_children (id int primary key, parent int references copy_parents (id))`
      const copy = sql.begin(async (tx) => {
        await tx`insert into copy_parents values (1)`
        const sink = await tx`copy copy_children (id, parent) from stdin`.writable()
        await pipeline(Readable.from([Buffer.from('1\t1\n2\t5\n')]), sink)
      })
      await expect(copy).rejects.toThrow(/violates foreign key constraint/)
      // rolled back, and the one connection is free for the next statement
      expect(await sql`select count(*)::int as n from copy_parents`).toEqual([{ n: 0 }])
    } finally {
      await sql.end({ timeout: 1 })
    }
  })
})
