import { describe, expect, it } from 'vitest'
import { startSupport } from '../testing.ts'

const { send, sql, as, token, customer, open, outbox } = await startSupport()
const agent = await token('agent-1', ['support'])
const forget = (userId: string, auth: string) => send('DELETE', `/internal/users/${userId}/contact`, { auth })
const queued = async () => (await sql`select count(*)::int as n from mail_outbox`)[0]?.n as number

describe('a deleted account, forgotten by support', () => {
  it('When users says a customer deleted their account, then their tickets keep the conversation without the address, say so in their history, and no e-mail goes to them any more', async () => {
    const [ann, bob] = [await customer(), await customer()]
    const asked = (await open(ann.auth, {})).body
    const bobs = (await open(bob.auth, {})).body

    expect((await forget(ann.id, await as.service('users'))).status).toBe(204)
    const kept = (await send('GET', `/api/tickets/${asked.id}`, { auth: agent })).body
    expect(kept.customer.email).toBe('')
    expect(kept.messages).toHaveLength(1)
    expect(kept.history.at(-1)).toMatchObject({ kind: 'account_deleted', actor: ann.id })
    expect((await send('GET', `/api/tickets/${bobs.id}`, { auth: agent })).body.customer.email).toBe(bob.email)

    // an agent's reply and a change of status are kept, and nobody is written to
    const before = await queued()
    const replied = await send('POST', `/api/tickets/${asked.id}/messages`, { auth: agent, body: { body: 'Sorry!' } })
    expect(replied.status).toBe(201)
    const closed = await send('PATCH', `/api/tickets/${asked.id}`, { auth: agent, body: { status: 'closed' } })
    expect(closed.body.status).toBe('closed')
    expect(await queued()).toBe(before)
    expect(await outbox(ann.email)).toEqual([])

    // users asking again (its background repeats until every neighbour has answered) changes nothing more
    expect((await forget(ann.id, await as.service('users'))).status).toBe(204)
    const history = (await send('GET', `/api/tickets/${asked.id}`, { auth: agent })).body.history
    expect(history.filter((h: { kind: string }) => h.kind === 'account_deleted')).toHaveLength(1)
  })

  it('When anyone but users asks support to forget an account, then it is refused and the address stays', async () => {
    const ann = await customer()
    const asked = (await open(ann.auth, {})).body
    expect((await forget(ann.id, ann.auth)).status).toBe(403)
    expect((await forget(ann.id, agent)).status).toBe(403)
    expect((await forget(ann.id, await as.service('sales'))).status).toBe(403)
    expect((await send('GET', `/api/tickets/${asked.id}`, { auth: agent })).body.customer.email).toBe(ann.email)
  })
})
