import { afterAll, describe, expect, it } from 'vitest'
import { createBreakers } from '../breaker.ts'
import { createStaticDiscovery } from '../discovery/discovery.ts'
import { createServiceClient } from '../service-client.ts'
import { serviceTokenProvider } from './service-token.ts'

/** users' service-token endpoint: token-1, token-2 ... for 300 s each; `down` answers 503. */
let issued = 0
let down = false
const users = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: () =>
    down
      ? new Response(null, { status: 503 })
      : Response.json({ accessToken: `token-${++issued}`, tokenType: 'Bearer', expiresIn: 300 }),
})
afterAll(() => users.stop(true))

const provider = () => {
  let clock = 1_000_000
  const credentials = serviceTokenProvider({
    users: createServiceClient({
      service: 'users',
      discovery: createStaticDiscovery({ users: [`http://127.0.0.1:${users.port}`] }),
      breakers: createBreakers(),
      retries: 0,
    }),
    clientId: 'sales',
    clientSecret: 'secret',
    now: () => clock,
  })
  return { credentials, tick: (ms: number) => (clock += ms) }
}

describe("a service's own token", () => {
  it('When half its lifetime has passed, then it is renewed in the background while the held one is still given', async () => {
    down = false
    const { credentials, tick } = provider()
    const first = await credentials()
    tick(100_000)
    expect(await credentials()).toBe(first)
    tick(60_000) // past half of 300 s
    expect(await credentials()).toBe(first)
    await Bun.sleep(50)
    const renewed = await credentials()
    expect(renewed).not.toBe(first)
    expect(await credentials()).toBe(renewed)
  })

  it('When users cannot answer, then the held token goes on until shortly before it expires; after that the failure shows', async () => {
    down = false
    const { credentials, tick } = provider()
    const first = await credentials()
    down = true
    tick(200_000)
    expect(await credentials()).toBe(first)
    tick(65_000) // 265 s: still more than 30 s left
    expect(await credentials()).toBe(first)
    tick(10_000) // 275 s: too close to its expiry to send
    await expect(credentials()).rejects.toMatchObject({ status: 503 })
    down = false
    expect(await credentials()).not.toBe(first)
  })
})
