import {
  createServiceApp,
  createTokenVerifier,
  type ServiceClient,
  type ServiceClientOptions,
  type ServiceAppDeps,
  type ServiceKeys,
} from '@shopfront/kit'
import { adminRoutes, authRoutes, meRoutes } from './accounts/accounts.routes.ts'
import { marketingRoutes } from './accounts/marketing.ts'
import { createPasswordReset } from './accounts/password-reset.service.ts'
import { createPasswords } from './accounts/passwords.ts'
import { createProfiles } from './accounts/profile.service.ts'
import { createAccounts } from './accounts/accounts.service.ts'
import { createAccountClosing } from './accounts/account-closing.ts'
import { createCustomerImport } from './accounts/customer-import.ts'
import { addressDigests } from './accounts/erased-addresses.ts'
import { forgettingDeleted } from './accounts/forget-deleted.ts'
import { databaseFailureLog, signInThrottle, type FailureLog } from './accounts/sign-in-throttle.ts'
import { serviceTokenRoutes } from './accounts/service-token.routes.ts'
import { createTokens } from './accounts/tokens.ts'
import { createUsersRepo } from './accounts/users.repo.ts'
import type { Revocations } from './contract.ts'
import type { SigningKeys } from './keys/signing-keys.ts'
import { neighboursOverHttp } from './neighbours/neighbours.ts'
import { openApiDocument } from './openapi.ts'
import type { UsersSettings } from './settings.ts'

export interface UsersDeps extends Omit<ServiceAppDeps<UsersSettings>, 'verifier'> {
  keys: SigningKeys
  /** Where failed sign-ins are counted: Redis when configured, else the database. */
  failures?: FailureLog
  /** Other services' keys for their own service tokens (the registry's copies), for its internal routes. */
  serviceKeys?: ServiceKeys
  /** Neighbours through the kit's client (sales, for the purchase history). */
  client?: (service: string, options?: Partial<ServiceClientOptions>) => ServiceClient
}

/**
 * The users service: accounts and identity. It signs access tokens with its own keys and
 * publishes them at /.well-known/jwks.json; it verifies tokens with those same keys. Beside
 * the app, `forgetDeleted`: the background work that has cart, sales, support and products forget
 * deleted accounts (with a `client` to reach them; service.ts runs it), and `profiles`, which
 * service.ts asks for the first admin.
 *
 * @example
 *   const { app } = createApp({ db, config, logger, keys: createSigningKeys(db, {...}) })
 */
export function createApp({ db, config, logger, metrics, health, keys, client, failures, serviceKeys }: UsersDeps) {
  const settings = () => config.current
  const users = createUsersRepo(db)
  const tokens = createTokens(db, keys, () => ({
    issuer: settings().auth.issuer,
    audience: settings().auth.audience,
    accessTtl: settings().users.accessTokenTtlSeconds,
    refreshTtlDays: settings().users.refreshTokenTtlDays,
  }))
  const verifier = createTokenVerifier({
    fetchJwks: () => keys.jwks(),
    fetchRevocations: () => tokens.revocations(),
    revocationsTtlMs: settings().auth.revocationsTtlMs,
    // its own database: a revocation made here is never passed over for a slow read
    revocationsWaitMs: Number.POSITIVE_INFINITY,
    issuer: settings().auth.issuer,
    audience: settings().auth.audience,
    jwksTtlMs: 30_000,
    refetchCooldownMs: 1000,
    serviceKeys,
  })
  const throttle = signInThrottle(failures ?? databaseFailureLog(db), () => settings().users.lockout)
  const passwords = createPasswords(() => settings().users.passwordHashing)
  const codes = {
    users,
    settings: () => settings().users.verification,
    shop: () => settings().shop,
    throttle,
    passwords,
    addressDigest: addressDigests(() => settings().users.keyEncryptionKey),
  }
  const accounts = createAccounts({ ...codes, tokens })
  const passwordReset = createPasswordReset(codes)
  const app = createServiceApp({ logger, metrics, health, maxBodyBytes: settings().http.maxBodyBytes })
  app.get('/openapi.json', (c) => c.json(openApiDocument))
  app.get('/.well-known/jwks.json', async (c) =>
    c.json(await keys.jwks(), 200, { 'cache-control': 'public, max-age=300' }),
  )
  app.get('/.well-known/revocations.json', async (c) =>
    c.json((await tokens.revocations()) satisfies Revocations, 200, { 'cache-control': 'no-store' }),
  )
  app.route('/api/auth', authRoutes({ accounts, passwordReset, tokens, verifier }))
  const profiles = createProfiles(users, passwords)
  const closing = createAccountClosing(codes)
  const marketing = marketingRoutes({
    users,
    keys,
    verifier,
    issuer: () => settings().auth.issuer,
    tokenSecret: () => settings().users.keyEncryptionKey,
  })
  app.route('/api/users/unsubscribe', marketing.public)
  app.route('/internal/users', marketing.internal)
  // users is the issuer: its calls to other services carry a service token it signs itself
  let own: { token: string; until: number } | undefined
  const ownToken = async () => {
    const ttl = settings().users.serviceTokenTtlSeconds
    if (!own || Date.now() > own.until)
      own = {
        token: `Bearer ${(await tokens.serviceToken('users', ttl)).accessToken}`,
        until: Date.now() + (ttl - 30) * 1000,
      }
    return own.token
  }
  const neighbours =
    client &&
    neighboursOverHttp({
      sales: client('sales', { credentials: ownToken }),
      cart: client('cart', { credentials: ownToken }),
      support: client('support', { credentials: ownToken }),
      products: client('products', { credentials: ownToken }),
    })
  app.route(
    '/api/users/me',
    meRoutes({
      accounts,
      profiles,
      deleteAccount: closing.own,
      verifier,
      neighbours,
    }),
  )
  const importCustomers = createCustomerImport(codes)
  app.route('/api/users', adminRoutes({ profiles, deleteAccount: closing.byAdmin, importCustomers, verifier }))
  app.route(
    '/internal',
    serviceTokenRoutes({
      tokens,
      clients: () => ({
        secrets: settings().users.serviceClients,
        ttlSeconds: settings().users.serviceTokenTtlSeconds,
      }),
    }),
  )
  const forgetDeleted = neighbours && forgettingDeleted({ users, neighbours, logger })
  return { app, forgetDeleted, profiles }
}
