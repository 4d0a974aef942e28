import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createRouteTable } from './proxy/route-table.ts'
import { gatewaySettings } from './settings.ts'

const file = join(import.meta.dirname, '../../config-server/settings/gateway.yml')
const { routes, rateLimits } = gatewaySettings.shape.gateway.parse(
  (Bun.YAML.parse(readFileSync(file, 'utf8')) as { gateway: unknown }).gateway,
)

it('When a client posts a password, or asks for an e-mailed code, through the API or the shop’s forms, then the routes the config server ships limit it in the auth class, and a sign-in or an account deletion in the signin class (its failures)', () => {
  const routeOf = createRouteTable()
  const guessable = [
    ...['/api/auth/register', '/api/auth/verify', '/api/auth/resend-code'],
    ...['/api/auth/password-reset', '/api/auth/password-reset/confirm', '/api/users/me/password'],
    ...['/register', '/verify', '/verify/resend', '/password-reset', '/password-reset/confirm'],
    '/account/password',
  ]
  const limits = guessable.map((path) => [path, routeOf(routes, 'POST', path)?.rateLimit])
  expect(limits).toEqual(guessable.map((path) => [path, 'auth']))
  const signIns = ['/api/auth/login', '/signin']
  expect(signIns.map((path) => routeOf(routes, 'POST', path)?.rateLimit)).toEqual(['signin', 'signin'])
  // deleting an account asks for its password again: wrong tries held as a sign-in's
  expect(routeOf(routes, 'DELETE', '/api/users/me')).toMatchObject({ service: 'users', rateLimit: 'signin' })
  expect(routeOf(routes, 'POST', '/account/delete')).toMatchObject({ service: 'web', rateLimit: 'signin' })
  expect(routeOf(routes, 'GET', '/api/users/me')?.rateLimit).toBe('default')
  expect(rateLimits.signin).toMatchObject({ anonymous: 10, failuresOnly: true })
  expect(rateLimits.auth?.failuresOnly).toBe(false)
  // browsing the same pages is not
  expect(routeOf(routes, 'GET', '/account/password')?.rateLimit).toBe('web')
})
