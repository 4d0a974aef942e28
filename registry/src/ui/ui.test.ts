import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry } from '../testing.ts'

let registry: ReturnType<typeof startRegistry>
beforeAll(async () => {
  registry = startRegistry()
  const register = (body: unknown) =>
    fetch(`${registry.url}/v1/agent/service/register`, { method: 'PUT', body: JSON.stringify(body) })
  await register({
    ID: 'shop-a',
    Name: 'shop',
    Address: '127.0.0.1',
    Port: 4001,
    Tags: ['v1'],
    Meta: { version: 'abc123' },
    Check: { CheckID: 'shop-a-ttl', Name: 'Shop alive', TTL: '30s', Status: 'passing', Notes: 'heartbeat' },
  })
  await register({
    ID: 'shop-b',
    Name: 'shop',
    Address: '127.0.0.1',
    Port: 4002,
    Check: { CheckID: 'shop-b-ttl', Name: 'Shop alive', TTL: '30s' },
  })
  await register({ ID: 'mail-1', Name: 'mail', Address: '127.0.0.1', Port: 4003 })
  await fetch(`${registry.url}/v1/agent/check/fail/shop-b-ttl?note=${encodeURIComponent('no heartbeat since 12:00')}`, {
    method: 'PUT',
  })
})
afterAll(() => registry.close())

const get = async (path: string) => {
  const res = await fetch(registry.url + path, { redirect: 'manual' })
  return { status: res.status, location: res.headers.get('location'), text: await res.text() }
}
const post = (path: string, form: Record<string, string>, origin = registry.url) =>
  fetch(registry.url + path, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { origin },
    redirect: 'manual',
  })

describe('the registry UI, at Consul UI’s addresses', () => {
  it('When the services page opens, then each service shows its passing, warning and critical checks (its node’s check once, as Consul counts), and the filter narrows it', async () => {
    expect((await get('/ui/')).location).toBe('/ui/dc1/services')
    const page = (await get('/ui/dc1/services')).text
    expect(page).toContain('href="/ui/dc1/services/shop/instances"')
    expect(page).toContain('<link rel="icon" href="data:image/svg+xml,') // no request for /favicon.ico
    expect(page).toMatch(
      /shop<\/a><\/td>\s*<td><span class="health"><span class="passing" title="passing"><span class="count">2<\/span> passing<\/span><span class="warning" title="warning"><span class="count">0<\/span> warning<\/span><span class="critical" title="critical"><span class="count">1<\/span> critical/,
    )
    const filtered = (await get('/ui/dc1/services?filter=MAI')).text
    expect(filtered).toContain('/ui/dc1/services/mail/instances')
    expect(filtered).not.toContain('/ui/dc1/services/shop/instances')
    // the live refresh asks for the main part alone
    expect((await get('/ui/dc1/services?fragment=1')).text).not.toContain('<html')
  })

  it('When a service opens, then each instance shows its address, node, tags, meta and each check with its output', async () => {
    const page = (await get('/ui/dc1/services/shop/instances')).text
    expect(page).toContain('127.0.0.1:4001')
    expect(page).toContain('<span class="pill">v1</span>')
    expect(page).toContain('<span class="pill">version: abc123</span>')
    expect(page).toContain('no heartbeat since 12:00')
    expect(page).toMatch(/shop-b <small class="critical">critical<\/small>/)
    expect(page).toMatch(
      /Serf Health Status<br><small class="crumbs">serfHealth<\/small><\/td><td>node \(serf\)<\/td><td class="passing">passing/,
    )
    expect((await get('/ui/dc1/services/shop')).location).toBe('/ui/dc1/services/shop/instances')
    const nodes = (await get('/ui/dc1/nodes')).text
    const node = /href="\/ui\/dc1\/nodes\/([^"]+)"/.exec(nodes)![1]!
    expect((await get(`/ui/dc1/nodes/${node}`)).text).toContain('shop-b')
  })

  it('When keys are created, browsed by folder, edited and deleted, then the store follows; a stale edit and another site are refused', async () => {
    expect(
      (await post('/ui/dc1/kv/create', { key: 'config/shop/name', value: 'Shopfront' })).headers.get('location'),
    ).toBe('/ui/dc1/kv/config/shop/name/edit')
    const top = (await get('/ui/dc1/kv/')).text
    expect(top).toContain('href="/ui/dc1/kv/config/"')
    expect((await get('/ui/dc1/kv/config/')).text).toContain('href="/ui/dc1/kv/config/shop/"')
    const editor = (await get('/ui/dc1/kv/config/shop/name/edit')).text
    expect(editor).toContain('>Shopfront</textarea>')
    const cas = /name="cas" value="(\d+)"/.exec(editor)![1]!
    expect((await post('/ui/dc1/kv/config/shop/name/edit', { value: 'Shopfront 2', cas })).status).toBe(303)
    expect(await registry.consul.kv.get('config/shop/name')).toMatchObject({ Value: 'Shopfront 2' })
    const stale = await post('/ui/dc1/kv/config/shop/name/edit', { value: 'overwrite', cas })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('the key changed since this page was opened')
    expect((await post('/ui/dc1/kv/config/shop/name/delete', {}, 'http://elsewhere.example')).status).toBe(403)
    expect((await post('/ui/dc1/kv/config/shop/name/delete', {})).headers.get('location')).toBe(
      '/ui/dc1/kv/config/shop/',
    )
    expect(await registry.consul.kv.get('config/shop/name')).toBeUndefined()
  })
})
