import { expect, it } from 'vitest'
import { present } from '@shopfront/kit/testing'
import { startWeb } from '../testing.ts'

const web = await startWeb()
const agent = await web.signedIn('agent@example.com')

it('When the customer of a ticket deleted their account, then the queue and the ticket say so instead of an address, and its history says when', async () => {
  const ann = await web.signedIn('ann@example.com')
  const opened = await ann.post('/tickets', {
    type: 'inquiry',
    orderId: '',
    subject: 'Gift wrap?',
    message: 'Can you?',
  })
  const id = new URL(ann.redirectOf(opened), 'http://shop.test').pathname.split('/')[2]
  // as support keeps it once users has told it: the conversation, no address, a line in the history
  const ticket = present(
    web.tickets.find((t) => t.id === id),
    'the ticket',
  )
  ticket.customer.email = ''
  ticket.history?.push({ kind: 'account_deleted', detail: null, actor: ticket.userId, at: new Date().toISOString() })

  const queue = await (await agent.get('/admin/tickets')).text()
  const row = queue.slice(queue.indexOf(`href="/admin/tickets/${id}"`)).split('</tr>')[0]
  expect(row).toContain('account deleted')
  const page = await (await agent.get(`/admin/tickets/${id}`)).text()
  expect(page).toContain('(account deleted)')
  expect(page).toContain('The customer deleted their account: replies are kept here, and no e-mail tells them.')
  expect(page).toMatch(/The customer deleted their account<\/strong>.*?by the customer/s)
  expect(page).toContain('Can you?')
})
