/**
 * The request collection (collection/shop.http) run by httpyac, as `bun run collection`
 * runs it, against the real platform: every request's checks must pass, so the collection
 * never rots.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiProblems, until } from '@shopfront/kit/testing'
import { type Platform, startWholePlatform } from './platform.ts'
import { shopClient } from './shop.ts'

const root = join(import.meta.dirname, '../..')
let platform: Platform

beforeAll(async () => {
  platform = await startWholePlatform()
  // the first admin exists once users has started
  await shopClient(platform).admin()
}, 120_000)
afterAll(async () => {
  await platform?.stop()
})

describe('the API document', () => {
  it('When the gateway merges every service’s document, then users is in it, nothing is missing, and an OpenAPI validator passes it', async () => {
    const doc = (await (await fetch(`${platform.gatewayUrl}/openapi.json`)).json()) as Record<string, any>
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/users/me']),
    )
    expect(doc['x-unavailable']).toEqual([])
    expect(doc['x-undocumented']).toEqual([])
    expect(doc.paths['/api/checkout'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    )
    expect(await openApiProblems(doc)).toEqual([])
  })
})

describe('the request collection', () => {
  it('When httpyac runs collection/shop.http against the platform, then every request passes its checks', async () => {
    const run = Bun.spawn(
      [
        'bun',
        '--bun',
        join(root, 'node_modules/.bin/httpyac'),
        'send',
        'collection/shop.http',
        '--all',
        '--env',
        'local',
        '--var',
        `gateway=${platform.gatewayUrl}`,
        `inbox=${platform.inboxUrl}`,
        '-o',
        'short',
      ],
      { cwd: root, stdout: 'pipe', stderr: 'pipe' },
    )
    const [out, err, code] = [
      await new Response(run.stdout).text(),
      await new Response(run.stderr).text(),
      await run.exited,
    ]
    expect(code, `${out}\n${err}`).toBe(0)
    const processed = /(\d+) requests? processed \((\d+) succeeded/.exec(out)
    if (!processed) console.log(out, err)
    expect(processed?.[1]).toBe(processed?.[2])
    expect(Number(processed?.[1])).toBeGreaterThanOrEqual(20)
    expect(out).not.toContain('✖')
  }, 120_000)
})

describe('an API client signing out', () => {
  it('When a client signs out, then its access token is refused at the gateway and by the services within seconds; the account’s other session goes on', async () => {
    const shop = shopClient(platform)
    const [shopper] = await shop.shoppers(1, 'signs-out')
    const session = (
      await shop.call('POST', '/api/auth/login', { body: { email: shopper!.email, password: 'shopper password 1' } })
    ).body
    const cart = await platform.instanceUrl('cart')
    const through = (token: string) => shop.call('GET', '/api/cart', { token })
    const atCart = (token: string) => shop.call('GET', '/api/cart', { token, base: cart })
    expect((await through(session.accessToken)).status).toBe(200)
    const signedOut = await shop.call('POST', '/api/auth/logout', {
      body: { refreshToken: session.refreshToken },
      token: session.accessToken,
    })
    expect(signedOut.status).toBe(204)
    await until(async () => (await through(session.accessToken)).status === 401, {
      timeoutMs: 15_000,
      what: 'the signed-out token refused at the gateway',
    })
    expect((await through(session.accessToken)).body.detail).toBe('The session has ended: sign in again.')
    await until(async () => (await atCart(session.accessToken)).status === 401, {
      timeoutMs: 15_000,
      what: 'the signed-out token refused by the cart service',
    })
    expect((await through(shopper!.token)).status).toBe(200)
  }, 60_000)
})
