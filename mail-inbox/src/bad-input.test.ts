import nodemailer from 'nodemailer'
import { afterAll, describe, expect, it } from 'vitest'
import { listen } from '@shopfront/kit'
import { freePort } from '@shopfront/kit/testing'
import { createInboxApp } from './app.ts'
import { startSmtp } from './smtp.ts'
import { createMessageStore } from './store.ts'

const store = createMessageStore(50)
const smtpPort = freePort()
const smtp = await startSmtp(store, { port: smtpPort })
const http = listen(createInboxApp(store), { port: 0 })
const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
afterAll(async () => {
  transport.close()
  await smtp.close()
  await http.stop(true)
})

/** Messages a broken mailer sends: MIME that lies about itself, encodings that are not, no headers at all. */
const broken = [
  'Content-Type: multipart/mixed; boundary=\r\nContent-Transfer-Encoding: base64\r\nSubject: =?utf-8?B?%%%?=\r\n\r\n--\r\n%%%%\r\n--zz--\r\n',
  'Content-Type: multipart/mixed; boundary="b"\r\nSubject: nested\r\n\r\n--b\r\nContent-Type: multipart/alternative\r\n\r\nno boundary\r\n--b\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Disposition: attachment; filename="../../x.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64\r\n--b--\r\n',
  'Subject: qp\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=x-unknown\r\n\r\n=ZZ=\r\n<script>alert(1)</script>\r\n',
  'no headers at all',
  'Subject: =?x-bogus?Q?=FF=FE?=\r\nFrom: =?utf-8?B?////?=\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n\u0000\u0001',
  `Content-Type: multipart/mixed; boundary="${'a'.repeat(2000)}"\r\n\r\n`,
]
const junk = ['', 'x', '-1', '%00', '%E2%28%A1', 'a'.repeat(3000), '1e400', '99999999999999999999', 'NaN']

describe('bad input to the inbox', () => {
  it('When a mailer sends broken MIME, then each message is kept, and its page, parts and JSON open without a 5xx, its HTML sandboxed', async () => {
    for (const raw of broken)
      await transport.sendMail({ envelope: { from: 'shop@example.com', to: ['ann@example.com'] }, raw })
    expect(store.all()).toHaveLength(broken.length)
    for (const { ID } of store.all())
      for (const path of [
        `/messages/${ID}`,
        `/api/v1/messages/${ID}`,
        `/messages/${ID}/attachments/0`,
        `/messages/${ID}/attachments/1`,
      ]) {
        const res = await fetch(http.url + path)
        const text = await res.text()
        expect(res.status, path).toBeLessThan(500)
        // on the message's page, an e-mail's HTML is only inside the sandboxed frame, escaped into its srcdoc
        if (path === `/messages/${ID}`) expect(text, path).not.toContain('<script>alert(1)</script>')
      }
  })

  it('When the API and the pages are asked with junk in every id and query, then none is a 5xx', async () => {
    const [{ ID: id = '' } = {}] = store.all()
    const failures: string[] = []
    const paths = junk.flatMap((value) => [
      ...['start', 'limit', 'kind', 'query'].flatMap((name) => [
        `/api/v2/messages?${name}=${value}`,
        `/api/v2/search?kind=to&${name}=${value}`,
        `/?${name}=${value}`,
      ]),
      `/api/v1/messages/${value}`,
      `/messages/${value}`,
      `/messages/${id}/attachments/${value}`,
    ])
    for (const path of paths) {
      const res = await fetch(http.url + path)
      if (res.status >= 500) failures.push(`GET ${path.slice(0, 80)}: ${res.status} ${(await res.text()).slice(0, 80)}`)
      else await res.body?.cancel()
    }
    for (const value of junk)
      for (const [method, path] of [
        ['DELETE', `/api/v1/messages/${value}`],
        ['POST', `/messages/${value}/delete`],
      ] as const) {
        const res = await fetch(http.url + path, { method, headers: { origin: http.url } })
        if (res.status >= 500) failures.push(`${method} ${path.slice(0, 80)}: ${res.status}`)
        else await res.body?.cancel()
      }
    expect(failures).toEqual([])
    expect(store.all()).toHaveLength(broken.length)
  })
})
