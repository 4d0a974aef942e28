import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from '@shopfront/kit'
import { createInboxApp } from './app.ts'
import { startSmtp } from './smtp.ts'
import { createMessageStore } from './store.ts'

const store = createMessageStore(3)
let smtp: Awaited<ReturnType<typeof startSmtp>>
const http = listen(createInboxApp(store), { port: 0 })
let transport: nodemailer.Transporter
const api = async (path: string, init?: RequestInit) => {
  const res = await fetch(http.url + path, init)
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as any) : await res.text(),
  }
}

beforeAll(async () => {
  smtp = await startSmtp(store, { port: 0 })
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true })
})
afterAll(async () => {
  transport.close()
  await smtp.close()
  await http.stop(true)
})

describe('the local mail inbox', () => {
  it('When nodemailer sends a message over SMTP, then MailHog’s v2 API lists it with MailHog’s fields', async () => {
    await transport.sendMail({
      from: 'Shop <shop@shopfront.dev>',
      to: 'ann@example.com',
      subject: 'Your code',
      text: 'Your code is 123456.\nIt expires in 15 minutes.',
      messageId: '<code-1@shopfront.dev>',
    })
    const { body } = await api('/api/v2/messages')
    expect(body).toMatchObject({ total: 1, count: 1, start: 0 })
    const [message] = body.items
    expect(message.From).toEqual({ Relays: null, Mailbox: 'shop', Domain: 'shopfront.dev', Params: '' })
    expect(message.To).toEqual([{ Relays: null, Mailbox: 'ann', Domain: 'example.com', Params: '' }])
    expect(message.Content.Headers.Subject).toEqual(['Your code'])
    expect(message.Content.Headers['Message-ID']).toEqual(['<code-1@shopfront.dev>'])
    expect(message.Content.Body).toContain('Your code is 123456.')
    expect(message.Raw).toMatchObject({ From: 'shop@shopfront.dev', To: ['ann@example.com'] })
  })

  it('When searching by recipient, sender or content, then only matching messages come back', async () => {
    await transport.sendMail({
      from: 'shop@shopfront.dev',
      to: 'bob@example.com',
      subject: 'Order 42 confirmed',
      text: 'Thanks, Bob.',
    })
    expect(
      (await api('/api/v2/search?kind=to&query=bob@example.com')).body.items.map(
        (m: any) => m.Content.Headers.Subject[0],
      ),
    ).toEqual(['Order 42 confirmed'])
    expect((await api('/api/v2/search?kind=containing&query=123456')).body.total).toBe(1)
    expect((await api('/api/v2/search?kind=from&query=shopfront.dev')).body.total).toBe(2)
    expect((await api('/api/v2/search?kind=subject&query=x')).status).toBe(400)
  })

  it('When messages are deleted, one or all, then they are gone; the oldest go first past capacity', async () => {
    for (const n of [1, 2, 3])
      await transport.sendMail({
        from: 'shop@shopfront.dev',
        to: 'cy@example.com',
        subject: `Promo ${n}`,
        text: 'Sale!',
      })
    const listed = (await api('/api/v2/messages')).body
    expect(listed.total).toBe(3)
    expect(listed.items.map((m: any) => m.Content.Headers.Subject[0])).toEqual(['Promo 3', 'Promo 2', 'Promo 1'])
    const id = listed.items[0].ID
    expect((await api(`/api/v1/messages/${encodeURIComponent(id)}`)).body.ID).toBe(id)
    expect((await api(`/api/v1/messages/${encodeURIComponent(id)}`, { method: 'DELETE' })).status).toBe(200)
    expect((await api(`/api/v1/messages/${encodeURIComponent(id)}`)).status).toBe(404)
    expect((await api('/api/v1/messages', { method: 'DELETE' })).status).toBe(200)
    expect((await api('/api/v2/messages')).body.total).toBe(0)
  })

  it('When a person opens the inbox page, then messages are listed and readable', async () => {
    await transport.sendMail({
      from: 'shop@shopfront.dev',
      to: 'di@example.com',
      subject: 'Welcome <b>Di</b>',
      text: 'Hello!',
    })
    const list = (await api('/')).body as string
    expect(list).toContain('Welcome &lt;b&gt;Di&lt;/b&gt;')
    const id = (await api('/api/v2/messages')).body.items[0].ID
    expect((await api(`/messages/${encodeURIComponent(id)}`)).body).toContain('Hello!')
  })
})
