import { afterAll, describe, expect, it } from 'vitest'
import { createSigningKeys } from '../keys/signing-keys.ts'
import { serviceTokenFrom, settings, signedInCustomer, startOwnUsers, startUsers } from '../testing.ts'

const users = await startUsers()
const { send } = users
afterAll(() => users.close())

const serviceToken = (client = 'sales') => serviceTokenFrom(send, client)
/** What a mail client's one-click unsubscribe (RFC 8058) posts. */
const oneClick = {
  body: 'List-Unsubscribe=One-Click',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
}
/** A verified customer, signed in. */
const customer = (email: string) => signedInCustomer(users, email)

describe('purchase history, promotions and unsubscribing', () => {
  it("When sales is not there, then the purchase history is a clear retryable 503 (a bad page still the caller's 400) and the rest works", async () => {
    const { accessToken } = await customer('sam@example.com')
    const res = await send('GET', '/api/users/me/orders', { auth: `Bearer ${accessToken}` })
    expect(res.status).toBe(503)
    expect((await send('GET', '/api/users/me/orders?page=0', { auth: `Bearer ${accessToken}` })).status).toBe(400)
    expect(res.body).toMatchObject({
      retryable: true,
      detail: 'The purchase history is temporarily unavailable; try again in a moment.',
    })
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).status).toBe(200)
  })

  it('When sales pages the opted-in users with a service token, then each comes with an unsubscribe token that opts out without a login', async () => {
    const { accessToken } = await customer('tia@example.com')
    await send('PATCH', '/api/users/me', { body: { marketingOptIn: true }, auth: `Bearer ${accessToken}` })
    const service = await serviceToken()
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${accessToken}` })).status).toBe(403)
    // and the other way round: a service's token has no account of its own
    const own = await send('GET', '/api/users/me', { auth: `Bearer ${service}` })
    expect(own).toMatchObject({ status: 403, body: { status: 403 } })
    const listed = await send('GET', '/internal/users/opted-in?limit=50', { auth: `Bearer ${service}` })
    const tia = listed.body.items.find((u: any) => u.email === 'tia@example.com')
    expect(tia.unsubscribeToken).toBeTruthy()
    const res = await send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(tia.unsubscribeToken)}`)
    expect(res.body).toEqual({ unsubscribed: true })
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).body.marketingOptIn).toBe(false)
    expect(
      (await send('GET', '/internal/users/opted-in', { auth: `Bearer ${service}` })).body.items.map(
        (u: any) => u.email,
      ),
    ).not.toContain('tia@example.com')
    expect((await send('GET', `/api/users/unsubscribe?token=${'x'.repeat(40)}`)).status).toBe(400)
    expect((await send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(accessToken)}`)).status).toBe(400)
  })

  it('When a mail client unsubscribes with one click (POST), then the user is opted out', async () => {
    const { accessToken } = await customer('uma@example.com')
    await send('PATCH', '/api/users/me', { body: { marketingOptIn: true }, auth: `Bearer ${accessToken}` })
    const service = await serviceToken()
    const uma = (
      await send('GET', '/internal/users/opted-in?limit=100', { auth: `Bearer ${service}` })
    ).body.items.find((u: any) => u.email === 'uma@example.com')
    const res = await send('POST', `/api/users/unsubscribe?token=${encodeURIComponent(uma.unsubscribeToken)}`, oneClick)
    expect(res.status).toBe(200)
    expect((await send('GET', '/api/users/me', { auth: `Bearer ${accessToken}` })).body.marketingOptIn).toBe(false)
  })

  it('When the signing keys rotate (and the old ones leave the JWKS), then unsubscribe links, one-click included, still work for their whole lifetime', async () => {
    const own = await startOwnUsers()
    try {
      await own.optIn('wes@example.com')
      await own.optIn('xia@example.com')
      const list = await own.optedIn()
      const link = (email: string) => list.find((u: any) => u.email === email).unsubscribeToken as string
      // every key retired long ago, and a new one made: nothing the links were made with is published
      await own.sql`UPDATE signing_keys SET created_at = now() - interval '400 days'`
      await createSigningKeys(own.db, {
        encryptionKey: settings.users.keyEncryptionKey,
        rotationHours: 24,
        tokenTtlSeconds: 900,
      }).rotateIfDue()
      expect(
        (await own.send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(link('wes@example.com'))}`)).status,
      ).toBe(200)
      const clicked = await own.send(
        'POST',
        `/api/users/unsubscribe?token=${encodeURIComponent(link('xia@example.com'))}`,
        oneClick,
      )
      expect(clicked.status).toBe(200)
      expect(await own.optedIn()).toEqual([])
      // an altered link is refused
      const forged = link('wes@example.com').replace(/\.(\d+)\./, (_, n) => `.${Number(n) + 1}.`)
      expect((await own.send('GET', `/api/users/unsubscribe?token=${encodeURIComponent(forged)}`)).status).toBe(400)
    } finally {
      await own.close()
    }
  })

  it('When the opted-in users are paged by keyset and someone opts out between two pages, then nobody is skipped', async () => {
    const own = await startOwnUsers()
    try {
      const tokens: Record<string, string> = {}
      for (const email of [
        'ka1@example.com',
        'ka2@example.com',
        'ka3@example.com',
        'ka4@example.com',
        'ka5@example.com',
      ])
        tokens[email] = await own.optIn(email)
      const first = (
        await own.send('GET', '/internal/users/opted-in?limit=2', { auth: `Bearer ${await own.service()}` })
      ).body
      // one already mailed opts out: with OFFSET paging the next page would start one too far
      await own.send('PATCH', '/api/users/me', {
        body: { marketingOptIn: false },
        auth: `Bearer ${tokens[first.items[0].email]}`,
      })
      const seen: string[] = first.items.map((u: any) => u.email)
      for (let after = first.next; after; ) {
        const page = (
          await own.send('GET', `/internal/users/opted-in?limit=2&after=${after}`, {
            auth: `Bearer ${await own.service()}`,
          })
        ).body
        seen.push(...page.items.map((u: any) => u.email))
        after = page.next
      }
      expect(seen.sort()).toEqual(Object.keys(tokens).sort())
    } finally {
      await own.close()
    }
  })

  it('When a service asks for the contact details of a user, then it gets e-mail, name and shipping address; customers cannot ask', async () => {
    const { accessToken } = await customer('vic@example.com')
    const address = { line1: '2 Side St', city: 'Shelbyville', postalCode: '54321', country: 'US' }
    const me = (
      await send('PATCH', '/api/users/me', { body: { shippingAddress: address }, auth: `Bearer ${accessToken}` })
    ).body
    const service = await serviceToken()
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${service}` })).body).toEqual({
      id: me.id,
      email: 'vic@example.com',
      name: 'vic',
      roles: ['customer'],
      shippingAddress: address,
      marketingOptIn: false,
      disabled: false,
    })
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${accessToken}` })).status).toBe(403)
    expect((await send('GET', `/internal/users/${crypto.randomUUID()}`, { auth: `Bearer ${service}` })).status).toBe(
      404,
    )
    expect((await send('GET', '/internal/users/not-an-id', { auth: `Bearer ${service}` })).status).toBe(400)
    // support may read a contact, but the list of opted-in users is for sales' campaigns only
    const support = await serviceToken('support')
    expect((await send('GET', `/internal/users/${me.id}`, { auth: `Bearer ${support}` })).status).toBe(200)
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${support}` })).status).toBe(403)
    expect((await send('GET', '/internal/users/opted-in', { auth: `Bearer ${service}` })).status).toBe(200)
  })
})
