import { describe, expect, it } from 'vitest'
import { addDays, today } from '@shopfront/kit'
import { startWeb } from '../testing.ts'
import { readCsv } from './csv.ts'
import { fakeSalesReport } from './fake-report.ts'
import { periodOf, rowsOf } from './reports.routes.tsx'

const web = await startWeb()
const admin = await web.signedIn('admin@example.com')
const agent = await web.signedIn('agent@example.com')
// the test shop's time zone: fourteen hours ahead of UTC
const zone = 'Pacific/Kiritimati'

describe('the sales report (/admin/reports)', () => {
  it('When an admin opens it, then the last 30 days of the shop’s time zone come day by day, with the period’s figures and its best sellers', async () => {
    web.orderIn('delivered')
    web.orderIn('paid')
    web.orderIn('failed')
    const now = today(zone)
    const res = await admin.get('/admin/reports')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(web.office.periods.at(-1)).toEqual({ from: addDays(now, -29), to: now, tz: zone, top: 10 })
    expect(page).toContain('<h2>Day by day</h2>')
    expect(page.match(/<meter /g)).toHaveLength(30)
    expect(page).toContain('aria-current="page">Last 30 days</a>')
    expect(page).toContain(`days in the shop’s time zone (${zone})`)
    // the placed orders are a link to them; the failed one is not counted, nor taken in
    const report = fakeSalesReport(web.orders, { from: addDays(now, -29), to: now, tz: zone })
    expect(report.orders).toBeGreaterThanOrEqual(2)
    expect(page).toContain(
      `<a href="/admin/orders?status=placed&amp;from=${addDays(now, -29)}&amp;to=${now}">Orders placed</a>`,
    )
    expect(page).toContain(`<span class="figure">${report.orders}</span>`)
    // of the takings, what delivery was charged
    expect(report.shipping).toBeGreaterThan(0)
    expect(page).toContain(`net of refunds; delivery $${(report.shipping / 100).toFixed(2)}`)
    // the best seller leads an admin to the catalog's page, an agent to the shop's
    const best = web.catalog[0]
    expect(page).toContain(`<a href="/admin/products/${best.id}">${best.name}</a>`)
    const agentPage = await (await agent.get('/admin/reports')).text()
    expect(agentPage).toContain(`<a href="/products/${best.id}">${best.name}</a>`)
    expect(agentPage).toContain('href="/admin/reports"')
  })

  it('When staff download the days as CSV, then every day of the period is a line with its orders, takings and of them delivery in dollars', async () => {
    const now = today(zone)
    const from = addDays(now, -6)
    const page = await (await admin.get(`/admin/reports?from=${from}&to=${now}`)).text()
    expect(page).toContain(`href="/admin/reports/sales.csv?from=${from}&amp;to=${now}"`)
    const res = await agent.get(`/admin/reports/sales.csv?from=${from}&to=${now}`)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="sales-${from}-to-${now}.csv"`)
    const report = fakeSalesReport(web.orders, { from, to: now, tz: zone })
    const today_ = report.days.at(-1)
    const dollars = (minor: number | undefined) => (Number(minor) / 100).toFixed(2)
    expect(today_?.shipping).toBeGreaterThan(0)
    expect(readCsv(await res.text())).toEqual([
      ['day', 'orders', 'takings', 'delivery'],
      ...report.days.slice(0, -1).map((d) => [d.day, '0', '0.00', '0.00']),
      [now, String(today_?.orders), dollars(today_?.revenue), dollars(today_?.shipping)],
    ])
  })

  it('When a longer period is asked for, then it comes month by month; a year is the most, the two ends any way round', async () => {
    const now = today(zone)
    const year = await (await admin.get(`/admin/reports?from=${addDays(now, -364)}&to=${now}`)).text()
    expect(year).toContain('aria-current="page">Last 12 months</a>')
    expect(year).toContain('<h2>Month by month</h2>')
    expect(year.match(/<meter /g)?.length).toBeGreaterThanOrEqual(12)

    await admin.get('/admin/reports?from=2026-03-10&to=2026-03-01')
    expect(web.office.periods.at(-1)).toMatchObject({ from: '2026-03-01', to: '2026-03-10' })
    const long = await (await admin.get('/admin/reports?from=2020-01-01&to=2026-03-01')).text()
    expect(web.office.periods.at(-1)).toMatchObject({ from: '2025-03-01', to: '2026-03-01' })
    expect(long).toContain('A report covers a year at the most: it begins on 2025-03-01')
    // what is no day is no period: the last 30 days
    const junk = await admin.get('/admin/reports?from=yesterday&to=%00')
    expect(junk.status).toBe(200)
    expect(web.office.periods.at(-1)).toMatchObject({ from: addDays(now, -29), to: now })
  })

  it('When a customer or a visitor opens it, then a 403 page or the sign-in', async () => {
    const customer = await web.signedIn('ann@example.com')
    expect((await customer.get('/admin/reports')).status).toBe(403)
    expect((await web.browser().get('/admin/reports')).headers.get('location')).toBe('/signin?next=%2Fadmin%2Freports')
  })
})

describe('the report’s periods and rows', () => {
  it('When a period is asked for, then it is made one sales reports on', () => {
    expect(periodOf({}, '2026-12-04')).toEqual({ from: '2026-11-05', to: '2026-12-04', moved: false })
    expect(periodOf({ to: '2026-02-10' }, '2026-12-04')).toEqual({ from: '2026-01-12', to: '2026-02-10', moved: false })
    expect(periodOf({ from: '2026-12-01' }, '2026-12-04')).toMatchObject({ from: '2026-12-01', to: '2026-12-04' })
    // 2024 is a leap year: its 366 days are the longest period
    expect(periodOf({ from: '2024-01-01', to: '2024-12-31' }, '2026-12-04').moved).toBe(false)
    expect(periodOf({ from: '2023-12-31', to: '2024-12-31' }, '2026-12-04')).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      moved: true,
    })
  })

  it('When a report is longer than two months, then its days are summed into months', () => {
    const days = Array.from({ length: 63 }, (_, i) => ({
      day: addDays('2026-01-01', i),
      orders: 1,
      revenue: 100,
      shipping: 10,
    }))
    const report = {
      ...{ from: '2026-01-01', to: '2026-03-04', tz: 'UTC' },
      ...{ orders: 63, revenue: 6300, shipping: 630, days, bestSellers: [] },
    }
    expect(rowsOf(report)).toEqual([
      { label: 'January 2026', orders: 31, revenue: 3100, shipping: 310 },
      { label: 'February 2026', orders: 28, revenue: 2800, shipping: 280 },
      { label: 'March 2026', orders: 4, revenue: 400, shipping: 40 },
    ])
    expect(rowsOf({ ...report, days: days.slice(0, 62) })[0]).toEqual({
      label: 'Thu, Jan 1',
      orders: 1,
      revenue: 100,
      shipping: 10,
    })
  })
})
