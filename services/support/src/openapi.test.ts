import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { startSupport } from './testing.ts'

const support = await startSupport()
const { send, fake } = support
// the harness's customer, agent and admin known to users; the customer with a delivered order and a ticket about it,
// so that bad bodies reach what they would change
fake.person('customer-1')
fake.person('agent-1', ['support'])
fake.person('admin-1', ['admin'])
const orderId = fake.order('customer-1')
const ticket = await send('POST', '/api/tickets', {
  auth: support.as.customer,
  body: { type: 'return', subject: 'It broke', message: 'The lamp arrived broken.', orderId },
})

describeApiDocument(support, openApiDocument, { '/api/tickets/{id}': ticket.body.id, orderId })
