import { AppError, nextDay, startOfDay } from '@shopfront/kit'
import { notPlaced, paidFor, periodTotals } from '@shopfront/sales/contract'
import type { Order } from '../shop/schemas.ts'
import type { SalesReport } from './schemas.ts'
import type { ReportPeriod } from './staff.ts'

/**
 * A period's sales as sales reports them (`GET /api/orders/report`), over the fake shop's
 * orders: each day's placed orders and takings net of refunds, and the best sellers by what
 * their kept items took in. The contract test holds it to the real report.
 */
export function fakeSalesReport(orders: Order[], { from, to, tz, top = 10 }: ReportPeriod): SalesReport {
  if (from > to || Date.parse(to) - Date.parse(from) >= 366 * 86_400_000)
    throw new AppError('validation', 'The period is the wrong way round, or longer than 366 days.')
  const days: SalesReport['days'] = []
  for (let day = from; day <= to; day = nextDay(day)) days.push({ day, orders: 0, revenue: 0, shipping: 0 })
  const starts = days.map((d) => startOfDay(d.day, tz).getTime())
  const end = startOfDay(nextDay(to), tz).getTime()
  const sellers = new Map<string, SalesReport['bestSellers'][number]>()
  for (const o of orders) {
    const at = Date.parse(o.createdAt)
    const day = days[starts.findLastIndex((start) => start <= at)]
    if (!day || at >= end || notPlaced.includes(o.status)) continue
    day.orders++
    if (!paidFor.includes(o.status)) continue
    day.revenue += o.total - o.refunded
    day.shipping += o.shipping
    for (const line of o.items) {
      // under one name it sold under, as sales picks it: the last in alphabetical order
      const seen = sellers.get(line.productId) ?? { ...line, units: 0, revenue: 0 }
      const last = (a: string, b: string) => (a > b ? a : b)
      const seller = { ...seen, sku: last(seen.sku, line.sku), name: last(seen.name, line.name) }
      seller.units += line.quantity - line.returned
      seller.revenue += line.unitPrice * (line.quantity - line.returned)
      sellers.set(line.productId, seller)
    }
  }
  const bestSellers = [...sellers.values()]
    .filter((s) => s.units > 0)
    .sort((a, b) => b.revenue - a.revenue || b.units - a.units || (a.productId < b.productId ? -1 : 1))
    .slice(0, top)
    .map(({ productId, sku, name, units, revenue }) => ({ productId, sku, name, units, revenue }))
  return { from, to, tz, ...periodTotals(days), days, bestSellers }
}
