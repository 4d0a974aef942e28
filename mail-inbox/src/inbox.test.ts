import mailhog from 'mailhog'
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

/** Sends a message over SMTP, from the shop unless it says otherwise. */
const mail = (message: nodemailer.SendMailOptions) => transport.sendMail({ from: 'shop@shopfront.dev', ...message })

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
    await mail({
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
    await mail({ to: 'bob@example.com', subject: 'Order 42 confirmed', text: 'Thanks, Bob.' })
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
    for (const n of [1, 2, 3]) await mail({ to: 'cy@example.com', subject: `Promo ${n}`, text: 'Sale!' })
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
    await mail({ to: 'di@example.com', subject: 'Welcome <b>Di</b>', text: 'Hello!' })
    const list = (await api('/')).body as string
    expect(list).toContain('Welcome &lt;b&gt;Di&lt;/b&gt;')
    expect(list).toContain('<link rel="icon" href="data:image/svg+xml,') // no request for /favicon.ico
    const id = (await api('/api/v2/messages')).body.items[0].ID
    expect((await api(`/messages/${encodeURIComponent(id)}`)).body).toContain('Hello!')
  })

  it('When a multipart message arrives, then MIME.Parts carry each part as MailHog does, and a real MailHog client decodes text, HTML, subject and attachment', async () => {
    await api('/api/v1/messages', { method: 'DELETE' })
    await mail({
      from: 'Shopfront <shop@shopfront.dev>',
      to: 'eve@example.com',
      subject: 'Ihre Bestellung – grün ✓',
      text: `Grüße, Eve! ${'A long line that quoted-printable has to wrap. '.repeat(3)}`,
      html: '<h1 style="color:#0b5d4b">Grüße, Eve!</h1><p>Your order is <b>on its way</b>.</p>',
    })
    await mail({
      to: 'eve@example.com',
      subject: 'Your invoice',
      text: 'Attached.',
      attachments: [{ filename: 'invoice.txt', content: 'Invoice SF-1001: $24.90' }],
    })
    const [invoice, order] = (await api('/api/v2/messages')).body.items
    expect(order.MIME.Parts.map((p: any) => p.Headers['Content-Type'][0])).toEqual([
      expect.stringMatching(/^text\/plain; charset=utf-8/),
      expect.stringMatching(/^text\/html; charset=utf-8/),
    ])
    expect(order.MIME.Parts[0].Headers['Content-Transfer-Encoding']).toEqual(['quoted-printable'])
    expect(order.Content.Headers['Return-Path']).toEqual(['<shop@shopfront.dev>'])
    expect(invoice.MIME.Parts).toHaveLength(2)

    // blueimp's mailhog client (npm "mailhog") reads our API as it reads MailHog's
    const client = mailhog({ host: '127.0.0.1', port: Number(new URL(http.url).port) })
    const read = (await client.latestTo('eve@example.com'))!
    expect(read.subject).toBe('Your invoice')
    expect(read.attachments.map((a) => a.name)).toEqual(['invoice.txt'])
    expect(client.decode(read.attachments[0]!.Body, read.attachments[0]!.encoding)).toBe('Invoice SF-1001: $24.90')
    const [, first] = (await client.messages())!.items
    // (the client keeps Q-encoding's "_" for a space and the gap between encoded words; the inbox's page decodes both: below)
    expect(first!.subject).toMatch(/^Ihre.Bestellung.–.grün/)
    expect(first!.text).toBe(`Grüße, Eve! ${'A long line that quoted-printable has to wrap. '.repeat(3)}`)
    expect(first!.html).toContain('<h1 style="color:#0b5d4b">Grüße, Eve!</h1>')
  })

  it('When a person opens a message, then they see it rendered in a sandbox, as plain text and as source, and can download its attachment', async () => {
    const items = (await api('/api/v2/search?kind=to&query=eve@example.com')).body.items
    const [invoice, order] = items
    const page = (await api(`/messages/${encodeURIComponent(order.ID)}`)).body as string
    expect(page).toContain('<h2>Ihre Bestellung – grün ✓</h2>')
    // the list decodes the encoded subject too
    expect((await api('/')).body).toContain('Ihre Bestellung – grün ✓</a>')
    expect(page).toMatch(
      /<iframe title="The message as HTML" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="&lt;base target=&quot;_blank&quot;&gt;&lt;h1 style=&quot;color:#0b5d4b&quot;&gt;Grüße, Eve!/,
    )
    expect(page).toContain('<pre>Grüße, Eve! A long line')
    expect(page).toContain('Content-Transfer-Encoding: quoted-printable')
    const withFile = (await api(`/messages/${encodeURIComponent(invoice.ID)}`)).body as string
    expect(withFile).toContain('invoice.txt</a>')
    const file = await fetch(`${http.url}/messages/${encodeURIComponent(invoice.ID)}/attachments/0`)
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="invoice.txt"')
    expect(await file.text()).toBe('Invoice SF-1001: $24.90')
    expect((await api('/messages/nope@x')).status).toBe(404)
    // the list decodes subjects and searches like the API
    const list = (await api('/?kind=containing&query=invoice')).body as string
    expect(list).toContain('1 of 2 messages match')
    expect(list).toContain('Your invoice')
  })

  it('When a message arrives, then the event stream announces it; the page deletes one or all, but not from another site', async () => {
    const events = await fetch(`${http.url}/api/v1/events`)
    const reader = events.body!.getReader()
    await mail({ to: 'fay@example.com', subject: 'Live', text: 'Now.' })
    let received = ''
    while (!/data: .*\n\n/.test(received)) received += new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    expect(JSON.parse(/data: (.*)/.exec(received)![1]!).Content.Headers.Subject).toEqual(['Live'])

    const id = (await api('/api/v2/search?kind=to&query=fay@example.com')).body.items[0].ID
    const path = `/messages/${encodeURIComponent(id)}/delete`
    const forged = await fetch(http.url + path, { method: 'POST', headers: { origin: 'http://evil.example' } })
    expect(forged.status).toBe(403)
    const deleted = await fetch(http.url + path, { method: 'POST', headers: { origin: http.url }, redirect: 'manual' })
    expect(deleted.status).toBe(303)
    expect((await api('/api/v2/search?kind=to&query=fay@example.com')).body.total).toBe(0)
    await fetch(`${http.url}/delete-all`, { method: 'POST', headers: { origin: http.url } })
    expect((await api('/api/v2/messages')).body.total).toBe(0)
  })
})
