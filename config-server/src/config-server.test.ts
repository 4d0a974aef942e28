import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConfigServer } from './testing.ts'

let server: Awaited<ReturnType<typeof startConfigServer>>

beforeAll(async () => {
  server = await startConfigServer({
    'application.yml': 'shop:\n  name: Shopfront\n  currency: USD\nlevel: base\nlist: [a, b]\n',
    'application-dev.yml': 'level: app-dev\nshop:\n  currency: EUR\n',
    'application-mysql.yml': 'db: app-mysql\n',
    'foo.yml': 'level: foo\nfoo:\n  only: true\n',
    'foo-dev.yml': 'level: foo-dev\ndb: foo-dev\n',
    'foo-mysql.yml': 'db: foo-mysql\nport: 3306\n',
    'bar.yaml': 'level: bar\nnone: []\n',
  })
})
afterAll(() => server.close())

describe("Spring Cloud Config's environment endpoint", () => {
  it('When an app asks with two profiles, then sources come most specific first, last profile winning', async () => {
    const res = await server.get('/foo/dev,mysql')
    expect(res.status).toBe(200)
    const env = await res.json()
    expect(env).toMatchObject({ name: 'foo', profiles: ['dev', 'mysql'], label: null, state: null })
    expect(env.version).toMatch(/^[0-9a-f]{16}$/)
    expect(env.propertySources.map((s: any) => s.name)).toEqual([
      'file:settings/foo-mysql.yml',
      'file:settings/application-mysql.yml',
      'file:settings/foo-dev.yml',
      'file:settings/application-dev.yml',
      'file:settings/foo.yml',
      'file:settings/application.yml',
    ])
    expect(env.propertySources.at(-1).source).toEqual({
      'shop.name': 'Shopfront',
      'shop.currency': 'USD',
      level: 'base',
      'list[0]': 'a',
      'list[1]': 'b',
    })
  })

  it('When the merged views are asked for, then yml, json and properties agree on the winning values', async () => {
    const json = await (await server.get('/foo-dev.json')).json()
    expect(json).toEqual({
      shop: { name: 'Shopfront', currency: 'EUR' },
      level: 'foo-dev',
      list: ['a', 'b'],
      foo: { only: true },
      db: 'foo-dev',
    })
    const props = await (await server.get('/foo-dev.properties')).text()
    expect(props).toContain('level: foo-dev\n')
    expect(props).toContain('list[0]: a\n')
    const yml = await (await server.get('/main/foo-dev.yml')).text()
    expect(yml).toContain('level: foo-dev')
    expect(yml).toContain('currency: EUR')
  })

  it('When .yaml files are used, then they count like .yml', async () => {
    const env = await (await server.get('/bar/default')).json()
    expect(env.propertySources.map((s: any) => s.name)).toEqual([
      'file:settings/bar.yaml',
      'file:settings/application.yml',
    ])
    // an empty list stays a list, so a profile can empty a list the base file fills
    expect(env.propertySources[0].source.none).toEqual([])
  })

  it('When the version has not changed, then a conditional GET answers 304', async () => {
    const first = await server.get('/foo/dev')
    const etag = first.headers.get('etag')!
    expect((await server.get('/foo/dev', { headers: { 'if-none-match': etag } })).status).toBe(304)
  })

  it('When the request is bad or unauthenticated, then it is a 4xx problem', async () => {
    const anonymous = await fetch(`${server.url}/foo/dev`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json')
    const wrong = await fetch(`${server.url}/foo/dev`, { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const basic = await fetch(`${server.url}/foo/dev`, {
      headers: { authorization: `Basic ${btoa('user:test-token')}` },
    })
    expect(basic.status).toBe(200)
    expect((await server.get('/foo/dev/release-9')).status).toBe(404)
    expect((await server.get('/foo%20bar/dev')).status).toBe(400)
    expect((await server.get('/foo/dev/main/extra')).status).toBe(404)
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200)
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401)
    expect((await server.get('/metrics')).status).toBe(200)
  })
})

describe('encrypted values', () => {
  it('When a value is encrypted with /encrypt, then it is served decrypted and /decrypt reverses it', async () => {
    const cipherText = await (await server.get('/encrypt', { method: 'POST', body: 's3cret-pa$$' })).text()
    expect(cipherText).toMatch(/^\{cipher\}/)
    expect(await (await server.get('/decrypt', { method: 'POST', body: cipherText })).text()).toBe('s3cret-pa$$')
    server.write(
      'secret.yml',
      `db:\n  password: '${cipherText}'\n  broken: '{cipher}AAAAbm90IHJlYWxseSBjaXBoZXJ0ZXh0IGF0IGFsbA=='\n`,
    )
    await server.repository.reload()
    const env = await (await server.get('/secret/default')).json()
    expect(env.propertySources[0].source).toEqual({ 'db.password': 's3cret-pa$$', 'invalid.db.broken': '<n/a>' })
    expect(JSON.stringify(env)).not.toContain('{cipher}')
  })

  it('When /decrypt gets text made with another key, then it is a 400', async () => {
    const res = await server.get('/decrypt', { method: 'POST', body: `{cipher}${Buffer.alloc(40).toString('base64')}` })
    expect(res.status).toBe(400)
  })
})
