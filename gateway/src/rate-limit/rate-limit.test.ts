import { describe, expect, it } from 'vitest'
import { createMemoryLogger, createServiceApp } from '@shopfront/kit'
import { createRateLimiter } from './rate-limit.ts'
import { memoryStore } from './stores.ts'

function app() {
  const { logger } = createMemoryLogger()
  const limit = createRateLimiter({ store: memoryStore(), logger })
  const server = createServiceApp({ logger })
  server.get('/x', async (c) => {
    const reply: [string, string][] = []
    await limit(
      reply,
      'default',
      { anonymous: 2, user: 3, windowSeconds: 60 },
      { userId: c.req.query('user'), ip: c.req.query('ip') ?? '10.0.0.1' },
    )
    return c.text('ok', 200, Object.fromEntries(reply))
  })
  return server
}

const statuses = async (server: ReturnType<typeof app>, path: string, n: number) => {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await server.request(path)).status)
  return out
}

describe('rate limit keys and limits', () => {
  it('When anonymous, then each IP has its own count at the anonymous limit', async () => {
    const server = app()
    expect(await statuses(server, '/x?ip=1.1.1.1', 3)).toEqual([200, 200, 429])
    expect(await statuses(server, '/x?ip=2.2.2.2', 1)).toEqual([200])
  })

  it('When signed in, then each user has its own count at the user limit, wherever they come from', async () => {
    const server = app()
    expect(await statuses(server, '/x?user=ann&ip=1.1.1.1', 2)).toEqual([200, 200])
    expect(await statuses(server, '/x?user=ann&ip=3.3.3.3', 2)).toEqual([200, 429])
    expect(await statuses(server, '/x?user=bob&ip=1.1.1.1', 1)).toEqual([200])
  })

  it('When a class counts failures only, then what works or meets a service down costs nothing, refusals count, and past the limit even a right one waits', async () => {
    const { logger } = createMemoryLogger()
    const limit = createRateLimiter({ store: memoryStore(), logger })
    const signin = { anonymous: 3, user: 3, windowSeconds: 60, failuresOnly: true }
    /** One sign-in from the office's address with the answer `status`; its status, or 429 when refused first. */
    const attempt = async (status: number) => {
      const reply: [string, string][] = []
      try {
        const counted = await limit(reply, 'signin', signin, { ip: '10.0.0.9' })
        await counted?.(status)
        return { status, reply }
      } catch (err) {
        return { status: (err as { status: number }).status, reply }
      }
    }
    // a crowd behind one address: twenty right sign-ins, none counted; nor tries that met users down
    for (let i = 0; i < 20; i++) expect((await attempt(303)).status).toBe(303)
    for (let i = 0; i < 5; i++) expect((await attempt(503)).status).toBe(503)
    expect((await attempt(401)).reply).toContainEqual(['RateLimit', '"signin";r=2;t=60'])
    expect((await attempt(401)).status).toBe(401)
    expect((await attempt(401)).status).toBe(401)
    // three failures counted: the next try is refused before it is made, whatever it would have been
    expect((await attempt(303)).status).toBe(429)
  })

  it('When wrong guesses come in a burst, all at once, then the burst is held to the limit too', async () => {
    const { logger } = createMemoryLogger()
    const limit = createRateLimiter({ store: memoryStore(), logger })
    const signin = { anonymous: 3, user: 3, windowSeconds: 60, failuresOnly: true }
    const guess = async () => {
      try {
        const counted = await limit([], 'signin', signin, { ip: '10.0.0.7' })
        // the answer comes later than the other guesses' checks
        await new Promise((r) => setTimeout(r, 20))
        await counted?.(401)
        return 401
      } catch (err) {
        return (err as { status: number }).status
      }
    }
    const answers = await Promise.all(Array.from({ length: 8 }, guess))
    expect(answers.filter((s) => s === 401)).toHaveLength(3)
    expect(answers.filter((s) => s === 429)).toHaveLength(5)
  })
})
