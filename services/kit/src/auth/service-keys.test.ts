import { join } from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { createConsul } from '../discovery/consul.ts'
import { createProcesses, freePort, until, waitForHttp } from '../testing/index.ts'
import { createTestIssuer } from '../testing/issuer.ts'
import { ownServiceKey, serviceKeyPath, serviceKeysInRegistry } from './service-keys.ts'
import { serviceTokenProvider } from './service-token.ts'
import { createTokenVerifier } from './token-verifier.ts'

// the development registry as a process (it speaks Consul's KV API), on a port of its own
const procs = createProcesses()
const port = freePort()
procs.start('registry', ['bun', join(import.meta.dirname, '../../../../registry/src/main.ts')], {
  REGISTRY_PORT: String(port),
})
await waitForHttp(`http://127.0.0.1:${port}/v1/status/leader`)
const consul = createConsul(`127.0.0.1:${port}`)
afterAll(async () => {
  consul.destroy()
  await procs.stopAll()
})

const users = await createTestIssuer()
/** A verifier of a service while users is down: its keys cannot be fetched, the registry can be read. */
const whileUsersIsDown = () =>
  createTokenVerifier({
    fetchJwks: () => Promise.reject(new Error('users is down')),
    issuer: users.issuer,
    audience: users.audience,
    serviceKeys: serviceKeysInRegistry(consul),
  })
const cartKey = () => ownServiceKey({ service: 'cart', consul, audience: () => users.audience, ttlSeconds: 60 })

/** A key of the test's own, published in `folder`'s place as that service could publish it. */
async function keyIn(folder: string, kidService = folder, expiresAt = Date.now() + 60_000) {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const kid = `${kidService}.${crypto.randomUUID()}`
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256' }
  await consul.kv.set(serviceKeyPath(folder, kid), JSON.stringify({ jwk, expiresAt }))
  const sign = (claims: { sub: string; roles: string[]; iss?: string }) =>
    new SignJWT({ roles: claims.roles })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject(claims.sub)
      .setIssuer(claims.iss ?? `shopfront-${folder}`)
      .setAudience(users.audience)
      .setExpirationTime('1m')
      .sign(privateKey)
  return { kid, sign }
}

describe("services' own keys, published in the registry", () => {
  it('When a service has published its key, then its tokens verify with users down, as that service and nothing more; the gateway (no service keys) refuses them', async () => {
    const cart = await cartKey()
    expect(await cart.token()).toBeUndefined()
    await cart.publish()
    const answer = await cart.token()
    const token = answer?.accessToken ?? ''
    const principal = await whileUsersIsDown().verify(token)
    expect(principal).toMatchObject({ id: 'service:cart', roles: ['service'] })
    const edge = createTokenVerifier({
      fetchJwks: async () => users.jwks(),
      issuer: users.issuer,
      audience: users.audience,
    })
    await expect(edge.verify(token)).rejects.toMatchObject({ status: 401 })
    await cart.withdraw()
  })

  it("When a service's key signs for another service, another role, another issuer, or a key is not in its own folder, then the token is refused", async () => {
    const verifier = whileUsersIsDown()
    const cart = await keyIn('cart')
    expect((await verifier.verify(await cart.sign({ sub: 'service:cart', roles: ['service'] }))).id).toBe(
      'service:cart',
    )
    for (const forged of [
      { sub: 'service:sales', roles: ['service'] },
      { sub: 'service:cart', roles: ['service', 'admin'] },
      { sub: 'ann', roles: ['customer'] },
      { sub: 'service:cart', roles: ['service'], iss: users.issuer },
    ])
      await expect(verifier.verify(await cart.sign(forged)), JSON.stringify(forged)).rejects.toMatchObject({
        status: 401,
      })
    // a key cart wrote claiming to be sales': the kid names sales, whose folder does not hold it
    const posing = await keyIn('cart', 'sales')
    await expect(
      verifier.verify(await posing.sign({ sub: 'service:sales', roles: ['service'] })),
    ).rejects.toMatchObject({ status: 401, detail: 'The token was signed with an unknown key.' })
  })

  it('When a key has run out or was withdrawn, then its tokens are refused, and the next publication sweeps the ones that ran out', async () => {
    const expired = await keyIn('cart', 'cart', Date.now() - 1000)
    const garbage = serviceKeyPath('cart', `cart.${crypto.randomUUID()}`)
    await consul.kv.set(garbage, 'not a key')
    await expect(
      whileUsersIsDown().verify(await expired.sign({ sub: 'service:cart', roles: ['service'] })),
    ).rejects.toMatchObject({ status: 401 })
    const cart = await cartKey()
    await cart.publish()
    expect(await consul.kv.get(serviceKeyPath('cart', expired.kid))).toBeUndefined()
    expect(await consul.kv.get(garbage)).toBeUndefined()
    const token = (await cart.token())?.accessToken ?? ''
    await cart.withdraw()
    expect(await cart.token()).toBeUndefined()
    await expect(whileUsersIsDown().verify(token)).rejects.toMatchObject({ status: 401 })
  })

  it('When the key is published, then the service token provider signs with it and never asks users; before, it asks users', async () => {
    const cart = await cartKey()
    let asked = 0
    const fromUsers = {
      post: async () => {
        asked++
        return {
          accessToken: await users.sign({ sub: 'service:cart', roles: ['service'] }),
          tokenType: 'Bearer',
          expiresIn: 60,
        }
      },
    } as unknown as Parameters<typeof serviceTokenProvider>[0]['users']
    const before = serviceTokenProvider({ users: fromUsers, clientId: 'cart', clientSecret: 'x'.repeat(16), own: cart })
    await before()
    expect(asked).toBe(1)
    await cart.publish()
    const after = serviceTokenProvider({ users: fromUsers, clientId: 'cart', clientSecret: 'x'.repeat(16), own: cart })
    const token = await after()
    expect(asked).toBe(1)
    expect((await whileUsersIsDown().verify(token.replace('Bearer ', ''))).id).toBe('service:cart')
    // a neighbour refused it (the registry lost the key, say): users signs the next one, and the key is published again
    await consul.kv.del(serviceKeyPath('cart', cart.kid))
    const fresh = await after({ fresh: true })
    expect(asked).toBe(2)
    expect(fresh).not.toBe(token)
    await until(async () => (await consul.kv.get(serviceKeyPath('cart', cart.kid))) !== undefined, {
      timeoutMs: 5000,
      what: 'the key published again',
    })
    await cart.withdraw()
  })
})
