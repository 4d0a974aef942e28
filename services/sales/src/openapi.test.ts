import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { card, startSales } from './testing.ts'

const sales = await startSales()
const { send, as, fake } = sales
// customer-1 (the harness's customer) with a paid order and a full cart, and a promotion,
// so that bad bodies reach what they would change
fake.customer('customer-1', { [fake.addProduct({ onHand: 100_000, unitPrice: 700 })]: 2 })
const order = await send('POST', '/api/checkout', {
  auth: as.customer,
  body: { payment: card() },
  headers: { 'idempotency-key': crypto.randomUUID() },
})
fake.customer('customer-1', { [fake.addProduct({ onHand: 100_000, unitPrice: 700 })]: 50_000 })
const promotion = await send('POST', '/api/promotions', {
  auth: as.admin,
  body: { code: 'PROBED10', kind: 'percent', value: 10, subject: 'Ten off', body: 'A sale.' },
})

describeApiDocument(
  sales,
  openApiDocument,
  { '/api/orders/{id}': order.body.id, '/api/promotions/{id}': promotion.body.id },
  // a declined card keeps its failed order (and the contact it was placed with): its
  // Idempotency-Key answers the same again, and staff see it
  { 'POST /api/checkout': ['public.known_contacts', 'public.order_events', 'public.order_lines', 'public.orders'] },
)
