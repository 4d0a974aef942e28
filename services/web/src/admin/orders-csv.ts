import { toMajorUnits } from '@shopfront/kit'
import { csvFile } from './csv.ts'
import type { StaffOrder } from './schemas.ts'

const amount = (o: StaffOrder, minor: number) => toMajorUnits({ amount: minor, currency: o.currency })

/** The export's columns: one row an order, amounts in major units of its currency. */
const columns: [string, (o: StaffOrder) => string | number | null | undefined][] = [
  ['number', (o) => o.number],
  ['placed_at', (o) => o.createdAt],
  ['status', (o) => o.status],
  ['customer_name', (o) => o.customer.name],
  ['customer_email', (o) => o.customer.email],
  ['items', (o) => o.items.reduce((n, line) => n + line.quantity, 0)],
  ['items_returned', (o) => o.items.reduce((n, line) => n + line.returned, 0)],
  ['currency', (o) => o.currency],
  ['subtotal', (o) => amount(o, o.subtotal)],
  ['discount', (o) => amount(o, o.discount)],
  ['shipping', (o) => amount(o, o.shipping)],
  ['total', (o) => amount(o, o.total)],
  // what went back to the card: all of it once cancelled or refunded, part of it after a return of some items
  ['refunded', (o) => amount(o, o.refunded)],
  ['promo_code', (o) => o.promoCode],
  ['payment_reference', (o) => o.payment?.reference],
  ['tracking_number', (o) => o.trackingNumber],
  ['ship_to_line1', (o) => o.shippingAddress?.line1],
  ['ship_to_line2', (o) => o.shippingAddress?.line2],
  ['ship_to_city', (o) => o.shippingAddress?.city],
  ['ship_to_postal_code', (o) => o.shippingAddress?.postalCode],
  ['ship_to_country', (o) => o.shippingAddress?.country],
]

/** Orders as a CSV file: the header line, then a line an order. */
export const ordersCsv = (orders: StaffOrder[]) =>
  csvFile([columns.map(([name]) => name), ...orders.map((o) => columns.map(([, cell]) => cell(o)))])
