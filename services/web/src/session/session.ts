import { randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie, deleteCookie } from 'hono/cookie'
import { AppError, sameSecret, type Logger, type TokenVerifier } from '@shopfront/kit'
import { isForm } from '../forms.ts'
import type { Shop } from '../shop/shop.ts'
import type { Tokens } from '../shop/schemas.ts'
import type { Session, SessionsRepo, SignedIn } from './sessions.repo.ts'

export type WebEnv = { Variables: { requestId: string; session?: Session; csrf: string } }
export type WebContext = Context<WebEnv>

/** A signed-in user's session, with the access token their calls carry. */
export type UserSession = Session & { user: NonNullable<Session['user']>; accessToken: string }

/** The session when a user is signed in on it; undefined for a guest or a visitor without one. */
export function userSession(c: WebContext): UserSession | undefined {
  const session = c.get('session')
  return session?.user && session.accessToken ? (session as UserSession) : undefined
}

/** Where to go after signing in: a path of this shop only (never `//elsewhere` or a full URL), of a sane length. */
export function safeNext(next: string | undefined): string {
  return next && next.length <= 2000 && /^\/(?![/\\])/.test(next) ? next : '/'
}

/**
 * `path` with where the visitor was going (`next`), when that is somewhere in the shop other
 * than home: a newcomer sent to sign in at checkout registers, verifies and signs in, and is
 * back at checkout.
 */
export function onTo(path: string, next: string | undefined): string {
  const to = safeNext(next)
  return to === '/' ? path : `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(to)}`
}

/** Where a request is: its path and query, the `next` that brings a visitor back to it. */
export const hereOf = (c: WebContext) => c.req.path + (new URL(c.req.url).search || '')

/** The answer of a page that needs a signed-in user, for a visitor who is not: the sign-in page, then back here. */
export const toSignIn = (c: WebContext) => c.redirect(onTo('/signin', hereOf(c)), 303)

/** In front of pages only a signed-in user sees: anyone else signs in first, and comes back. */
export const signInFirst: MiddlewareHandler<WebEnv> = async (c, next) => (userSession(c) ? next() : toSignIn(c))

/** The signed-in user's session, where a guard has let only signed-in users through. */
export function signedInSession(c: WebContext): UserSession {
  const session = userSession(c)
  if (!session) throw new AppError('unauthorized', 'Sign in first.')
  return session
}

/** Whether the roles are the shop's staff's (support agents and admins): the back office is theirs. */
export const isStaff = (roles: string[]) => roles.some((r) => r === 'admin' || r === 'support')

/** The signed-in user's access token, behind `signInFirst` (or another guard). */
export const accessToken = (c: WebContext) => signedInSession(c).accessToken

const sessionCookie = 'sf_session'
const csrfCookie = 'sf_csrf'
const cookieValue = /^[A-Za-z0-9_-]{43}$/
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** An access token this close to its expiry is refreshed before it is used. */
const refreshAheadMs = 60_000

const newSecret = () => randomBytes(32).toString('base64url')

export interface SessionOptions {
  repo: SessionsRepo
  shop: Shop
  verifier: TokenVerifier
  logger: Logger
  settings: () => { idleDays: number; secureCookie: boolean }
}

/**
 * The shop's sessions and CSRF protection.
 *
 * The browser holds a random session id in an httpOnly, SameSite=Lax cookie (Secure
 * outside development); the access and refresh tokens stay in the session's row, and an
 * access token about to expire, or revoked by users, is refreshed under the row's lock (so
 * two tabs never spend the same refresh token), taking the new token's roles. A guest gets
 * a session (and a guest cart) only when it first needs one. Every POST must carry the
 * per-browser CSRF token (a hidden `_csrf` field, or the X-CSRF-Token header) equal to its
 * httpOnly cookie, and an Origin, when sent, must be this site's.
 */
export function createSessions({ repo, shop, verifier, logger, settings }: SessionOptions) {
  const cookieOptions = (maxAgeDays: number) => ({
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: settings().secureCookie,
    path: '/',
    maxAge: maxAgeDays * 86_400,
  })

  const refreshed = (session: Session): Promise<Session> =>
    repo.locked(session.idHash, async (current, tx) => {
      const user = current?.user
      if (!user || !current.refreshToken) return current ?? { ...session, user: undefined }
      // another request (another tab, another replica) refreshed it meanwhile
      if (current.accessToken !== session.accessToken) return current
      try {
        const tokens = await shop.refresh(current.refreshToken)
        const next = tokensOf(tokens)
        // the refresh token is spent: the new pair is kept even if the new roles cannot be read yet
        const roles = await verifier.verify(tokens.accessToken).then(
          (principal) => principal.roles,
          () => user.roles,
        )
        await repo.saveTokens(tx, current.idHash, next, roles)
        return { ...current, ...next, user: { ...user, roles } }
      } catch (err) {
        if (err instanceof AppError && err.status < 500) {
          // the refresh token was revoked or ran out: this browser is a guest again
          await repo.signOut(current.idHash, tx)
          return { ...current, user: undefined, accessToken: undefined, refreshToken: undefined, cartCount: 0 }
        }
        logger.warn('token refresh failed; the current access token is used while it lasts', { error: String(err) })
        return current
      }
    })

  const aboutToExpire = (session: Session) =>
    !session.accessExpiresAt || session.accessExpiresAt.getTime() - Date.now() < refreshAheadMs
  /** Users revoked the access token (the account disabled, its roles changed): a refresh says which. */
  const revoked = (session: Session) =>
    verifier.verify(session.accessToken ?? '').then(
      () => false,
      (err) => err instanceof AppError && err.status === 401,
    )

  const middleware: MiddlewareHandler<WebEnv> = async (c, next) => {
    const id = getCookie(c, sessionCookie)
    let session = id && cookieValue.test(id) ? await repo.find(id, settings().idleDays) : undefined
    if (session?.user && (aboutToExpire(session) || (await revoked(session)))) session = await refreshed(session)
    c.set('session', session)

    let csrf = getCookie(c, csrfCookie)
    if (!csrf || !cookieValue.test(csrf)) {
      csrf = newSecret()
      setCookie(c, csrfCookie, csrf, { ...cookieOptions(365), maxAge: undefined })
    }
    c.set('csrf', csrf)
    if (unsafeMethods.has(c.req.method)) await checkCsrf(c, csrf)
    await next()
  }

  /** A new session (a new id: signing in never keeps the id a guest had), its cookie set. */
  const start = async (c: WebContext, signedIn?: SignedIn, guestId?: string): Promise<Session> => {
    const id = newSecret()
    const session = await repo.create(id, settings().idleDays, signedIn, guestId)
    setCookie(c, sessionCookie, id, cookieOptions(settings().idleDays))
    c.set('session', session)
    return session
  }

  return {
    middleware,
    start,
    /** The session, or a new guest one (for a guest's first cart). */
    ensure: async (c: WebContext): Promise<Session> => c.get('session') ?? start(c),
    /** Ends the session here (the caller revokes its refresh token first). */
    async end(c: WebContext) {
      const session = c.get('session')
      if (session) await repo.remove(session.idHash)
      deleteCookie(c, sessionCookie, { path: '/', secure: settings().secureCookie })
      c.set('session', undefined)
    },
    /** What a sign-in's tokens say about the user: verified here, not just decoded. */
    async signedIn(tokens: Tokens, profile: { email: string; name: string }): Promise<SignedIn> {
      const principal = await verifier.verify(tokens.accessToken)
      return { user: { id: principal.id, roles: principal.roles, ...profile }, ...tokensOf(tokens) }
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>

function tokensOf(tokens: Tokens) {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: new Date(Date.now() + tokens.expiresIn * 1000),
  }
}

async function checkCsrf(c: WebContext, expected: string) {
  // the site as the browser sees it: the gateway's X-Forwarded-Host, else this app's own Host
  const site = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host
  // `null`: a browser that keeps the origin to itself (the shop's Referrer-Policy is no-referrer); the token decides
  const origin = c.req.header('origin')
  if (origin && origin !== 'null' && hostOf(origin) !== site) throw csrfRefused()
  let sent = c.req.header('x-csrf-token')
  if (!sent) {
    if (isForm(c)) {
      const form = await c.req.parseBody()
      sent = typeof form._csrf === 'string' ? form._csrf : undefined
    }
  }
  if (!sent || !sameSecret(sent, expected)) throw csrfRefused()
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

const csrfRefused = () =>
  new AppError(
    'forbidden',
    'This form has expired or did not come from this shop. Go back, reload the page and try again.',
    {
      csrf: true,
    },
  )
