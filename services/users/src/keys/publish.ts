import { type Consul, copiesInRegistry, type LiveConfig, type PostgresJsDatabase, publishedKey } from '@shopfront/kit'
import { accessRevocations } from '../accounts/tokens.ts'
import type { UsersSettings } from '../settings.ts'
import type { SigningKeys } from './signing-keys.ts'

/**
 * Copies what users publishes at /.well-known (its public keys, its revocations) into the
 * registry's KV store, where the kit's verifiers read them while users cannot answer: a
 * service (re)started during a users outage still verifies tokens and still refuses the
 * revoked ones. Only what differs from the registry's copy is written, so it runs every
 * few seconds at the cost of a read, and heals a registry that lost its data or a copy an
 * instance with an older view wrote.
 *
 * @example
 *   const publish = publishToRegistry(consul, 'users', () => ({ '/.well-known/jwks.json': () => keys.jwks() }))
 *   await publish()
 */
export function publishToRegistry(
  consul: Consul,
  service: string,
  documents: () => Record<string, () => Promise<unknown>>,
) {
  // the copy as the verifiers read it (with their 2 s timeout)
  const held = copiesInRegistry(consul)
  return async () => {
    for (const [path, document] of Object.entries(documents())) {
      const key = publishedKey(service, path)
      const text = JSON.stringify(await document())
      // bounded: a registry that hangs must not hold the job (and the shutdown waiting for it)
      if ((await held(key)) !== text)
        await consul.kv.set({ key, value: text, timeout: 2000 } as { key: string; value: string })
    }
  }
}

/** What users publishes at /.well-known, by the paths its settings give them: its keys and its revocations. */
export const wellKnownDocuments =
  (db: PostgresJsDatabase, keys: SigningKeys, config: LiveConfig<UsersSettings>) => () => {
    const { auth, users } = config.current
    return {
      [auth.jwksPath]: () => keys.jwks(),
      [auth.revocationsPath]: () => accessRevocations(db, users.accessTokenTtlSeconds),
    }
  }
