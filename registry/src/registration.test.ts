import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryLogger, registerService } from '@shopfront/kit'
import { until } from '@shopfront/kit/testing'
import { startRegistry } from './testing.ts'

const registry = startRegistry()
afterAll(() => registry.close())

describe("an instance's registration", () => {
  it("When someone re-registers an instance's id pointing elsewhere, then the instance puts its own address back instead of adopting theirs", async () => {
    const { logger, lines } = createMemoryLogger('users')
    const registration = await registerService({
      consul: registry.consul,
      name: 'users',
      address: '127.0.0.1',
      port: 4101,
      resyncMs: 50,
      logger,
    })
    await registry.consul.agent.service.register({
      id: registration.id,
      name: 'users',
      address: '203.0.113.66',
      port: 443,
    })
    await until(async () => (await registry.consul.agent.service.list())[registration.id].Address === '127.0.0.1', {
      timeoutMs: 5000,
      what: 'own address back',
    })
    const own = (await registry.consul.agent.service.list())[registration.id]
    expect([own.Address, own.Port]).toEqual(['127.0.0.1', 4101])
    expect(
      lines.some((l) => String(l.msg).includes('pointing at another address') && l.found === '203.0.113.66:443'),
    ).toBe(true)
    await registration.deregister()
  })
})
