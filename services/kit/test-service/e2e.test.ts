import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProcesses,
  createTestDatabase,
  freePort,
  readMetric,
  sleep,
  until,
  waitForHttp,
  type RunningProcess,
} from '../src/testing/index.ts'

const root = join(import.meta.dirname, '../../..')
const procs = createProcesses()
const registryPort = freePort()
const configPort = freePort()
const registryUrl = `http://127.0.0.1:${registryPort}`
const settingsDir = mkdtempSync(join(tmpdir(), 'shopfront-e2e-settings-'))
const echoPorts = [freePort(), freePort()]
const callerPort = freePort()
let env: Record<string, string>
let testDb: Awaited<ReturnType<typeof createTestDatabase>>

const echoes: RunningProcess[] = []
const startEcho = (i: number) => {
  echoes[i] = procs.start(`echo-${i}`, ['bun', join(import.meta.dirname, 'main.ts')], {
    ...env,
    SERVICE_NAME: 'echo',
    HTTP_PORT: String(echoPorts[i]),
    INSTANCE_LABEL: `echo-${i}`,
  })
}
const passing = async (service: string) =>
  (await (await fetch(`${registryUrl}/v1/health/service/${service}?passing`)).json()) as any[]
const callerReady = async () => (await (await fetch(`http://127.0.0.1:${callerPort}/health/ready`)).json()) as any
const call = async () => {
  const res = await fetch(`http://127.0.0.1:${callerPort}/call`)
  return { status: res.status, body: (await res.json()) as any }
}

beforeAll(async () => {
  testDb = await createTestDatabase('e2e')
  writeFileSync(
    join(settingsDir, 'application.yml'),
    readFileSync(join(root, 'config-server/settings/application.yml')),
  )
  writeFileSync(
    join(settingsDir, 'application-e2e.yml'),
    // the registry checks each second: a killed instance is met by the calls sent at once
    // (which open its breaker) before the registry notices it, on a loaded machine too (at
    // 300 ms, a machine running other tests beside this one let the registry win the race)
    'registry:\n  checkInterval: 1s\n  checkTimeout: 300ms\n  deregisterAfter: 20s\nclients:\n  timeoutMs: 1000\n  breaker:\n    resetTimeoutMs: 2000\nconfig:\n  pollMs: 500\nhttp:\n  drainMs: 3000\n',
  )
  env = {
    CONSUL_HTTP_ADDR: `127.0.0.1:${registryPort}`,
    CONFIG_SERVER_URL: `http://127.0.0.1:${configPort}`,
    CONFIG_TOKEN: 'e2e-token',
    PROFILES: 'e2e',
    DATABASE_URL: testDb.url,
  }
  procs.start('registry', ['bun', join(root, 'registry/src/main.ts')], { REGISTRY_PORT: String(registryPort) })
  await waitForHttp(`${registryUrl}/v1/status/leader`)
  procs.start('config-server', ['bun', join(root, 'config-server/src/main.ts')], {
    ...env,
    CONFIG_SERVER_PORT: String(configPort),
    CONFIG_REPO: settingsDir,
  })
  startEcho(0)
  startEcho(1)
  procs.start('caller', ['bun', join(import.meta.dirname, 'main.ts')], {
    ...env,
    SERVICE_NAME: 'caller',
    HTTP_PORT: String(callerPort),
  })
  await until(async () => (await passing('echo')).length === 2 && (await passing('caller')).length === 1, {
    timeoutMs: 20_000,
    what: 'echo x2 and caller passing',
  })
}, 60_000)

afterAll(async () => {
  await procs.stopAll()
  await testDb?.drop()
  rmSync(settingsDir, { recursive: true, force: true })
})

describe('the platform end to end, with real processes', () => {
  it('When both echo instances are up, then they registered with their addresses and the caller balances across both', async () => {
    const instances = await passing('echo')
    expect(instances.map((e) => e.Service.Port).sort()).toEqual([...echoPorts].sort())
    expect(instances[0].Checks[1]).toMatchObject({ Type: 'http', Status: 'passing' })
    const seen = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const { status, body } = await call()
      expect(status).toBe(200)
      seen.add(body.instance)
    }
    expect([...seen].sort()).toEqual(['echo-0', 'echo-1'])
  })

  it('When one instance is killed, then no idempotent call fails, the caller stops using it within 3 s, and its breaker opens', async () => {
    const victim = [...(await passing('echo'))].find((e) => e.Service.Port === echoPorts[0]).Service.ID
    const killed = Date.now()
    await echoes[0]!.stop('SIGKILL')
    const failures: number[] = []
    let lastVictimAnswer = 0
    const note = ({ status, body }: Awaited<ReturnType<typeof call>>) => {
      if (status !== 200) failures.push(status)
      if (body.instance === 'echo-0') lastVictimAnswer = Date.now()
    }
    // a burst at once, as a busy caller sends: some meet the dead instance before the registry
    // notices (its check runs every 300 ms), enough for its breaker, on a loaded machine too.
    // The breaker opens when more than half of its calls in its 10 s window failed, and the
    // test above left about 10 successes to this instance there: half of 40 outweighs them
    // (12 did not, once in seven full runs, when the loop below met the instance too seldom)
    for (const answer of await Promise.all(Array.from({ length: 40 }, call))) note(answer)
    while (Date.now() - killed < 3000) {
      note(await call())
      await sleep(10)
    }
    expect(failures).toEqual([])
    expect(lastVictimAnswer).toBe(0)
    expect((await passing('echo')).map((e) => e.Service.ID)).not.toContain(victim)
    expect((await callerReady()).breakers[`echo@${victim}`]).toMatch(/open|halfOpen/)
    for (let i = 0; i < 10; i++) expect((await call()).body.instance).toBe('echo-1')
  })

  it('When the instance comes back, then it is used again and its breaker closes', async () => {
    startEcho(0)
    await until(async () => (await passing('echo')).length === 2, { timeoutMs: 15_000, what: 'echo-0 passing again' })
    const victim = (await passing('echo')).find((e) => e.Service.Port === echoPorts[0]).Service.ID
    await until(
      async () => {
        await call()
        return (await callerReady()).breakers[`echo@${victim}`] === 'closed'
      },
      { timeoutMs: 10_000, stepMs: 100, what: 'breaker closed' },
    )
    const seen = new Set<string>()
    for (let i = 0; i < 10; i++) seen.add((await call()).body.instance)
    expect(seen.has('echo-0')).toBe(true)
    const metrics = await (await fetch(`http://127.0.0.1:${callerPort}/metrics`)).text()
    expect(readMetric(metrics, 'circuit_breaker_state', { breaker: `echo@${victim}` })).toBe(0)
    expect(
      readMetric(metrics, 'circuit_breaker_events_total', { breaker: `echo@${victim}`, event: 'open' }),
    ).toBeGreaterThanOrEqual(1)
  })

  it('When an instance gets SIGTERM, then it deregisters, finishes the request in flight and exits 0', async () => {
    const leaving = (await passing('echo')).find((e) => e.Service.Port === echoPorts[1]).Service.ID
    const inFlight = fetch(`http://127.0.0.1:${echoPorts[1]}/slow?ms=700`)
    await sleep(150)
    const code = await echoes[1]!.stop('SIGTERM')
    expect(code).toBe(0)
    expect((await inFlight).status).toBe(200)
    const services = (await (await fetch(`${registryUrl}/v1/agent/services`)).json()) as Record<string, unknown>
    expect(services).not.toHaveProperty(leaving)
    expect(echoes[1]!.output()).toContain('"msg":"deregistered"')
    expect(echoes[1]!.output()).toContain('"msg":"stopped"')
  })

  it('When a setting is invalid, then the service exits 1 with one message naming the key, and never registers', async () => {
    const bad = procs.start('bad-echo', ['bun', join(import.meta.dirname, 'main.ts')], {
      ...env,
      SERVICE_NAME: 'echo',
      HTTP_PORT: String(freePort()),
      CLIENTS_RETRIES: '9',
    })
    expect(await bad.proc.exited).toBe(1)
    expect(bad.output()).toMatch(/^error: invalid settings for echo:\n {2}clients\.retries: .+\n$/)
  })
})
