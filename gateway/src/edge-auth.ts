import {
  AppError,
  bearerToken,
  createTokenVerifier,
  jwksSource,
  revocationsSource,
  unauthorized,
  type Principal,
  type PublishedCopies,
  type ServiceClient,
  type TokenVerifier,
} from '@shopfront/kit'
import type { GatewaySettings, Route } from './settings.ts'

/**
 * Auth at the edge: the route says who may pass. A token, when sent, is verified even on
 * public routes (a bad token is a 401, never silently ignored); the gateway forwards it
 * unchanged, and services verify it again. A token users revoked (a disabled account, roles
 * or password changed) is refused here within seconds. While users is away, its keys and
 * revocations come from the copy it `published` in the registry. The verifier follows the
 * live settings: a refresh hands over new setting objects, and only then is it built again.
 */
export function createEdgeAuth(jwksClient: (service: string) => ServiceClient, published?: PublishedCopies) {
  let current:
    | { auth: GatewaySettings['auth']; jwks: GatewaySettings['gateway']['jwks']; verifier: TokenVerifier }
    | undefined
  const verifierFor = ({ auth, gateway: { jwks } }: GatewaySettings) => {
    if (current?.auth !== auth || current.jwks !== jwks) {
      current = {
        auth,
        jwks,
        verifier: createTokenVerifier({
          fetchJwks: jwksSource(jwksClient, auth, published),
          fetchRevocations: revocationsSource(jwksClient, auth, published),
          revocationsTtlMs: auth.revocationsTtlMs,
          issuer: auth.issuer,
          audience: auth.audience,
          jwksTtlMs: jwks.ttlMs,
          refetchCooldownMs: jwks.refetchCooldownMs,
        }),
      }
    }
    return current.verifier
  }

  return async (
    authorization: string | undefined,
    route: Route,
    settings: GatewaySettings,
  ): Promise<Principal | undefined> => {
    const token = bearerToken(authorization)
    if (!token) {
      if (route.access === 'public') return undefined
      throw unauthorized('Sign in: this needs an access token.')
    }
    const principal = await verifierFor(settings).verify(token)
    if (route.access === 'roles' && !route.roles.some((r) => principal.roles.includes(r))) {
      throw new AppError('forbidden', `This needs one of the roles: ${route.roles.join(', ')}.`)
    }
    return principal
  }
}
