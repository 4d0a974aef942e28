import { Hono } from 'hono'
import * as z from 'zod'
import { authenticate, principalOf, readJson, type AuthEnv, type TokenVerifier } from '@shopfront/kit'
import type { createAccounts } from './accounts.service.ts'
import type { Tokens } from './tokens.ts'

// normalized before it is checked: ' Ann@Example.com ' is ann@example.com
const email = z.string().trim().toLowerCase().max(254).pipe(z.email())
const password = z.string().min(8, 'at least 8 characters').max(200)
const registerBody = z.object({ email, password, name: z.string().trim().min(1).max(100) }).strict()
const verifyBody = z.object({ email, code: z.string().regex(/^\d{6}$/, 'six digits') }).strict()
const emailBody = z.object({ email }).strict()
const loginBody = z.object({ email, password: z.string().min(1).max(200) }).strict()
const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict()

/** /api/auth: register, verify the e-mail, sign in, refresh, sign out. */
export function authRoutes({ accounts, tokens, verifier }: { accounts: ReturnType<typeof createAccounts>; tokens: Tokens; verifier: TokenVerifier }) {
  const app = new Hono<AuthEnv>()
  app.post('/register', async (c) => c.json(await accounts.register(await readJson(c, registerBody)), 201))
  app.post('/verify', async (c) => c.json(await accounts.verify(await readJson(c, verifyBody))))
  app.post('/resend-code', async (c) => {
    await accounts.resend((await readJson(c, emailBody)).email)
    return c.json({ accepted: true }, 202)
  })
  app.post('/login', async (c) => c.json(await accounts.login(await readJson(c, loginBody))))
  app.post('/refresh', async (c) => c.json(await tokens.refresh((await readJson(c, refreshBody)).refreshToken)))
  app.post('/logout', authenticate(verifier, { require: true }), async (c) => {
    await tokens.revoke((await readJson(c, refreshBody)).refreshToken, principalOf(c).id)
    return c.body(null, 204)
  })
  return app
}

/** /api/users/me: the signed-in user's own account. */
export function meRoutes({ accounts, verifier }: { accounts: ReturnType<typeof createAccounts>; verifier: TokenVerifier }) {
  const app = new Hono<AuthEnv>()
  app.use(authenticate(verifier, { require: true }))
  app.get('/', async (c) => c.json(await accounts.me(principalOf(c).id)))
  return app
}
