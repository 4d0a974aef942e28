import { join } from 'node:path'
import { expect, it } from 'vitest'
import { authenticate, principalOf } from '../auth/authenticate.ts'
import { createServiceApp } from '../http/service-app.ts'
import { enqueueMail } from '../mail/outbox.ts'
import { startServiceUnderTest } from './service-under-test.ts'

const service = await startServiceUnderTest({
  name: 'harness',
  settings: { greeting: 'hello' },
  migrations: join(import.meta.dirname, '../../test-service/drizzle'),
  mailOutbox: true,
  createApp: ({ db, config, verifier, logger }) => {
    const app = createServiceApp({ logger })
    app.get('/json', (c) => c.json({ greeting: config.current.greeting }))
    app.get('/text', (c) => c.text('plain'))
    app.delete('/nothing', (c) => c.body(null, 204))
    app.post('/echo', async (c) => c.json(await c.req.json(), 201))
    app.get('/me', authenticate(verifier, { require: true }), (c) => c.json(principalOf(c)))
    app.post('/mail', async (c) => {
      await db.transaction((tx) =>
        enqueueMail(tx, { to: 'ann@example.com', subject: 'Hi', text: 'Hello', key: 'hi:1' }, 'test'),
      )
      return c.body(null, 204)
    })
    return app
  },
})

it('When a test sends requests, then it reads JSON, text and empty answers alike, and signs in with the harness tokens', async () => {
  const { send, as, token, outbox } = service
  expect(await send('GET', '/json')).toMatchObject({ status: 200, body: { greeting: 'hello' } })
  expect(await send('GET', '/text')).toMatchObject({ status: 200, body: 'plain', text: 'plain' })
  expect(await send('DELETE', '/nothing')).toMatchObject({ status: 204, body: undefined })
  expect(await send('POST', '/echo', { body: { a: 1 } })).toMatchObject({ status: 201, body: { a: 1 } })
  expect((await send('GET', '/me')).status).toBe(401)
  expect((await send('GET', '/me', { auth: as.admin })).body).toMatchObject({ id: 'admin-1', roles: ['admin'] })
  expect((await send('GET', '/me', { auth: await as.service('sales') })).body.id).toBe('service:sales')
  expect((await send('GET', '/me', { auth: await token('ann', ['support']) })).body.roles).toEqual(['support'])
  await send('POST', '/mail')
  expect((await outbox('ann@example.com')).map((m) => m.subject)).toEqual(['Hi'])
})

it("When a signed-in caller is served, then the request's log line names the caller (from the request's context)", async () => {
  const { send, as, logs } = service
  const { headers } = await send('GET', '/me', { auth: as.support })
  const line = logs.find((l) => l.msg === 'request' && l.requestId === headers.get('x-request-id'))
  expect(line).toMatchObject({ route: '/me', status: 200, caller: 'agent-1' })
  const anonymous = await send('GET', '/json')
  expect(logs.find((l) => l.requestId === anonymous.headers.get('x-request-id'))).not.toHaveProperty('caller')
})
