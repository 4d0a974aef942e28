import { copiesInRegistry, createServiceVerifier, publishedKey } from '@shopfront/kit'
import { startRegistry } from '@shopfront/registry/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { revokeAccess } from '../accounts/tokens.ts'
import { settings, signedInCustomer, startUsers } from '../testing.ts'
import { publishToRegistry, wellKnownDocuments } from './publish.ts'
import { createSigningKeys } from './signing-keys.ts'

const users = await startUsers()
const registry = startRegistry()
afterAll(async () => {
  await registry.close()
  await users.close()
})

const keys = createSigningKeys(users.db, {
  encryptionKey: settings.users.keyEncryptionKey,
  rotationHours: 24,
  tokenTtlSeconds: 900,
})
const publish = publishToRegistry(registry.consul, 'users', wellKnownDocuments(users.db, keys, users.config))
/** A verifier of another service while users is down: the signer never answers, the registry does. */
const usersDown = () =>
  createServiceVerifier(
    () => ({
      get: async <T>(): Promise<T> => {
        throw new Error('users cannot be reached')
      },
    }),
    settings.auth,
    copiesInRegistry(registry.consul),
  )
const jwksKey = publishedKey('users', settings.auth.jwksPath)

describe('users publishes its keys and revocations in the registry, for while it is away', () => {
  it('When users is down, then a verifier started meanwhile checks tokens against the copies: a live token passes, a revoked one is refused', async () => {
    const { accessToken } = await signedInCustomer(users, `published-${crypto.randomUUID()}@example.com`)
    await expect(usersDown().verify(accessToken)).rejects.toMatchObject({ status: 503 })
    await publish()
    const principal = await usersDown().verify(accessToken)
    expect(principal.roles).toEqual(['customer'])

    await revokeAccess(users.db, principal.id)
    await publish()
    await expect(usersDown().verify(accessToken)).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('revoked'),
    })
  })

  it('When nothing changed, then nothing is written again; when the registry lost its copy, then the next run writes it back', async () => {
    await publish()
    const before = await registry.consul.kv.get({ key: jwksKey })
    await publish()
    expect((await registry.consul.kv.get({ key: jwksKey })).ModifyIndex).toBe(before.ModifyIndex)
    expect(JSON.parse(before.Value)).toEqual(await keys.jwks())

    await registry.consul.kv.del(jwksKey)
    await publish()
    expect(JSON.parse((await registry.consul.kv.get({ key: jwksKey })).Value)).toEqual(await keys.jwks())
  })
})
