/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { addDays, toMajorUnits, today } from '@shopfront/kit'
import { Field, FilterForm } from '../layout/fields.tsx'
import { counted, money } from '../layout/parts.tsx'
import { Table } from '../layout/table.tsx'
import { signedInSession, type WebContext, type WebEnv } from '../session/session.ts'
import { isAdmin, productHref, renderAdmin } from './admin-layout.tsx'
import { staffToken } from './admin.routes.tsx'
import { csvAttachment, csvFile } from './csv.ts'
import type { SalesReport } from './schemas.ts'
import type { Staff } from './staff.ts'

const day = z.iso.date().optional().catch(undefined)
const reportQuery = z.object({ from: day, to: day })

/** The longest period sales reports on. */
const longest = 366

/**
 * The period asked for, made one sales reports on: the last 30 days without one, the two
 * ends the right way round, at most a year (ending on `to`); `moved` says what was changed.
 */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: string) {
  let [from, to] = [query.from ?? (query.to ? addDays(query.to, -29) : addDays(now, -29)), query.to ?? now]
  if (from > to) [from, to] = [to, from]
  const moved = from < addDays(to, 1 - longest)
  if (moved) from = addDays(to, 1 - longest)
  return { from, to, moved }
}

/** The periods a shop owner asks about most, as of `now`. */
function presets(now: string) {
  const month = `${now.slice(0, 7)}-01`
  const lastMonth = `${addDays(month, -1).slice(0, 7)}-01`
  return [
    { label: 'Last 7 days', from: addDays(now, -6), to: now },
    { label: 'Last 30 days', from: addDays(now, -29), to: now },
    { label: 'This month', from: month, to: now },
    { label: 'Last month', from: lastMonth, to: addDays(month, -1) },
    { label: 'Last 12 months', from: addDays(now, 1 - 365), to: now },
  ]
}

type Row = { label: string; orders: number; revenue: number; shipping: number }
const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })
const dayName = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' })

/** The report's rows: a day each, or a month each over a period longer than two months. */
export function rowsOf(report: SalesReport): Row[] {
  if (report.days.length <= 62)
    return report.days.map(({ day, orders, revenue, shipping }) => ({
      label: dayName.format(new Date(`${day}T00:00:00Z`)),
      orders,
      revenue,
      shipping,
    }))
  const months = new Map<string, Row>()
  for (const d of report.days) {
    const key = d.day.slice(0, 7)
    const label = monthName.format(new Date(`${key}-01T00:00:00Z`))
    const row = months.get(key) ?? { label, orders: 0, revenue: 0, shipping: 0 }
    months.set(key, {
      ...row,
      orders: row.orders + d.orders,
      revenue: row.revenue + d.revenue,
      shipping: row.shipping + d.shipping,
    })
  }
  return [...months.values()]
}

/** /admin/reports (support and admins): a period's sales, day by day or month by month, and its best sellers. */
export function reportsAdminRoutes({ staff, timeZone }: { staff: Staff; timeZone: () => string }) {
  const app = new Hono<WebEnv>()

  /** The period the query asks for, and sales' report of it. */
  const reportOf = async (c: WebContext) => {
    const tz = timeZone()
    const now = today(tz)
    const period = periodOf(reportQuery.parse(c.req.query()), now)
    const report = await staff.salesReport(staffToken(c), { from: period.from, to: period.to, tz, top: 10 })
    return { ...period, tz, now, report }
  }

  // every day of the period, for a spreadsheet: its placed orders, takings and of them delivery, in dollars
  app.get('/sales.csv', async (c) => {
    const { from, to, report } = await reportOf(c)
    const dollars = (amount: number) => toMajorUnits({ amount, currency: 'USD' })
    const rows = report.days.map((d) => [d.day, d.orders, dollars(d.revenue), dollars(d.shipping)])
    const file = csvFile([['day', 'orders', 'takings', 'delivery'], ...rows])
    return c.body(file, 200, csvAttachment(`sales-${from}-to-${to}.csv`))
  })

  app.get('/', async (c) => {
    const { from, to, moved, tz, now, report } = await reportOf(c)
    const rows = rowsOf(report)
    const highest = Math.max(1, ...rows.map((r) => r.revenue))
    const admin = isAdmin(signedInSession(c).user.roles)
    return renderAdmin(
      c,
      { title: 'Sales report' },
      <>
        <h1>Sales report</h1>
        <nav aria-label="Periods">
          <ul class="chips">
            {presets(now).map((p) => (
              <li>
                <a
                  href={`/admin/reports?from=${p.from}&to=${p.to}`}
                  aria-current={p.from === from && p.to === to ? 'page' : undefined}
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <FilterForm action="/admin/reports" submit="Show">
          <Field name="from" label="From" type="date" value={from} hint={`days in the shop’s time zone (${tz})`} />
          <Field name="to" label="to" type="date" value={to} />
        </FilterForm>
        <p>
          <a class="button secondary" href={`/admin/reports/sales.csv?from=${from}&to=${to}`} download>
            Download the days as CSV
          </a>
        </p>
        {moved && <p role="status">A report covers a year at the most: it begins on {from}, a year before its end.</p>}
        <ul class="kpis" aria-label="The period">
          <li>
            <a href={`/admin/orders?status=placed&from=${from}&to=${to}`}>Orders placed</a>
            <span class="figure">{String(report.orders)}</span>
          </li>
          <li>
            Takings <span class="figure">{money(report.revenue)}</span>
            <span class="muted">{`net of refunds; delivery ${money(report.shipping)}`}</span>
          </li>
          <li>
            Per order placed{' '}
            <span class="figure">{report.orders ? money(Math.round(report.revenue / report.orders)) : '–'}</span>
          </li>
        </ul>
        <h2>{rows.length === report.days.length ? 'Day by day' : 'Month by month'}</h2>
        <Table
          caption={`Orders and takings from ${from} to ${to}`}
          rows={rows}
          columns={[
            { head: rows.length === report.days.length ? 'Day' : 'Month', cell: (r) => r.label },
            { head: 'Orders', num: true, cell: (r) => String(r.orders) },
            { head: 'Takings', num: true, cell: (r) => money(r.revenue) },
            { head: 'Delivery', num: true, wide: true, cell: (r) => money(r.shipping) },
            {
              head: 'Chart',
              wide: true,
              cell: (r) => <meter class="bar" aria-hidden="true" min={0} max={highest} value={r.revenue} />,
            },
          ]}
        />
        <h2>Best sellers</h2>
        {report.bestSellers.length === 0 ? (
          <p class="panel">Nothing sold in this period (items that came back are left out).</p>
        ) : (
          <>
            <Table
              caption={`Best sellers from ${from} to ${to}`}
              rows={report.bestSellers}
              columns={[
                { head: 'Product', cell: (b) => <a href={productHref(admin, b.productId)}>{b.name}</a> },
                { head: 'SKU', wide: true, cell: (b) => b.sku },
                { head: 'Units', num: true, cell: (b) => String(b.units) },
                { head: 'Takings', num: true, cell: (b) => money(b.revenue) },
              ]}
            />
            <p class="muted">
              {counted(report.bestSellers.length, 'product')} by what their items took in, at the prices they sold at:
              items that came back are left out, promotions taken off a whole order are not.
            </p>
          </>
        )}
      </>,
    )
  })
  return app
}
