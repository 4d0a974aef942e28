import { afterAll, describe, expect, it } from 'vitest'
import { startRegistry } from './testing.ts'

const registry = startRegistry()
afterAll(() => registry.close())

/** What a misconfigured agent or a hand-written curl sends where a value goes. */
const junk = ['', 'x', '-1', '%00', '%E2%28%A1', 'a'.repeat(3000), '1e400', '..%2F..', '%25']
const queries = ['index', 'wait', 'passing', 'recurse', 'keys', 'separator', 'raw', 'tag', 'filter', 'cas', 'flags']

const send = async (method: string, path: string, body?: string) => {
  const res = await fetch(registry.url + path, { method, body, signal: AbortSignal.timeout(5000) })
  return { status: res.status, text: await res.text() }
}

describe('bad input to the development registry', () => {
  it('When registrations, checks and keys come malformed, then each is a 400 in Consul’s words and nothing is registered', async () => {
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '{"ID":1}',
      '{"Name":null}',
      '{"Name":"bad","Port":"x"}',
      '{"Name":"bad","Port":1e400}',
      '{"Name":"bad","Check":{"TTL":"zz"}}',
      '{"Name":"bad","Check":{"HTTP":"http://127.0.0.1:1/","Interval":"-1s"}}',
      '{"Name":"bad","Checks":[null]}',
      '{"Name":"bad","Check":"x"}',
      '{"Name":"bad","Checks":[["x"]]}',
    ]
    for (const body of bodies) {
      const res = await send('PUT', '/v1/agent/service/register', body)
      expect(res.status, body).toBe(400)
      expect(res.text, body).not.toMatch(/Internal error/)
    }
    expect(Object.keys(await registry.consul.agent.service.list())).not.toContain('bad')
    for (const path of ['/v1/kv/%E2%28%A1', '/v1/kv/a%E2%28?recurse', '/ui/dc1/kv/%E2%28%A1', '/ui/dc1/kv/%E2%28/edit'])
      expect((await send('GET', path)).status, path).toBe(400)
    expect((await send('PUT', '/v1/kv/%E2%28%A1', 'v')).status).toBe(400)
  })

  it('When every read of the API and the UI is asked with junk in its name and its query, then none is a 5xx', async () => {
    const reads = [
      '/v1/catalog/service/',
      '/v1/catalog/node/',
      '/v1/health/service/',
      '/v1/health/checks/',
      '/v1/health/state/',
      '/v1/health/node/',
      '/v1/agent/service/',
      '/v1/kv/',
      '/ui/dc1/services/',
      '/ui/dc1/nodes/',
      '/ui/dc1/kv/',
    ]
    const failures: string[] = []
    for (const read of reads)
      for (const name of junk)
        for (const query of ['', ...queries.map((q) => `?${q}=${name}`), '?index=99999999999999999999&wait=1ms'])
          for (const path of [`${read}${name}${query}`, `${read}${name}/instances${query}`]) {
            const res = await send('GET', path)
            if (res.status >= 500) failures.push(`GET ${path.slice(0, 100)}: ${res.status} ${res.text.slice(0, 80)}`)
          }
    expect(failures).toEqual([])
  })
})
