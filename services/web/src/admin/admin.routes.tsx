/** @jsxImportSource hono/jsx */
import { Hono, type MiddlewareHandler } from 'hono'
import { AppError, addDays, today } from '@shopfront/kit'
import { counted, money } from '../layout/parts.tsx'
import { isStaff, signedInSession, signInFirst, userSession, type WebContext, type WebEnv } from '../session/session.ts'
import { isAdmin, productHref, renderAdmin } from './admin-layout.tsx'
import { catalogFileRoutes } from './catalog-file.routes.tsx'
import { customersFileRoutes } from './customers-file.routes.tsx'
import { catalogAdminRoutes } from './catalog.routes.tsx'
import { categoriesAdminRoutes } from './categories.routes.tsx'
import { ordersAdminRoutes } from './orders.routes.tsx'
import { promotionsAdminRoutes } from './promotions.routes.tsx'
import { reportsAdminRoutes } from './reports.routes.tsx'
import type { ShopTerms, WebSettings } from '../settings.ts'
import type * as s from './schemas.ts'
import type { Staff } from './staff.ts'
import { reviewsAdminRoutes } from './reviews.routes.tsx'
import { supportAdminRoutes } from './support.routes.tsx'
import { usersAdminRoutes } from './users.routes.tsx'

/** The staff member's access token; the guard has let only staff through. */
export const staffToken = (c: WebContext) => signedInSession(c).accessToken

/** Admin-only pages and actions: support gets a 403 page (the services refuse them too). */
export function requireAdmin(c: WebContext) {
  if (!isAdmin(userSession(c)?.user.roles ?? []))
    throw new AppError('forbidden', 'Only administrators can open this part of the back office.')
}

/** The same as middleware, for a part of the back office that is the admins' alone. */
export const adminsOnly: MiddlewareHandler<WebEnv> = async (c, next) => {
  requireAdmin(c)
  await next()
}

/** The services that send e-mail through an outbox of their own (products: back-in-stock alerts). */
const mailingServices = ['users', 'sales', 'support', 'products']

/**
 * /admin: the back office for the shop's staff. A visitor is sent to sign in, a customer
 * gets a 403 page; support agents see the dashboard, orders (read-only) and the support
 * queue; admins everything.
 */
export function adminRoutes({
  staff,
  settings,
  terms,
}: {
  staff: Staff
  settings: () => WebSettings['web']
  /** The shop's terms: a packing slip states its return window. */
  terms: () => ShopTerms
}) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst, async (c, next) => {
    const session = signedInSession(c)
    if (!isStaff(session.user.roles))
      throw new AppError('forbidden', 'The back office is for the shop’s staff. Your account is a customer’s.')
    await next()
  })

  app.get('/', async (c) => {
    const token = staffToken(c)
    // the shop's day, as its staff live it
    const zone = settings().timeZone
    const day = today(zone)
    const soft = <T,>(p: Promise<T>) => p.catch(() => undefined)
    const admin = isAdmin(signedInSession(c).user.roles)
    const [stats, open, overdue, reported, unanswered, low, awaited, health, outboxes] = await Promise.all([
      soft(staff.orderStats(token, day, day, zone)),
      soft(staff.tickets(token, { status: 'open', limit: 1 })),
      soft(staff.tickets(token, { overdue: 'true', limit: 1 })),
      // the reviews shoppers reported, and those the shop shows that nobody answered yet
      soft(staff.reviews(token, { reported: 'true', limit: 1 })),
      soft(staff.reviews(token, { hidden: 'false', replied: 'false', limit: 1 })),
      soft(staff.products(token, { maxAvailable: 5, limit: 8, sort: 'newest' })),
      // what shoppers wait for most (an admin's: restocking is theirs)
      admin ? soft(staff.demand(token, 5)) : undefined,
      soft(staff.health()),
      Promise.all(mailingServices.map(async (s) => [s, await staff.outbox(s)] as const)),
    ])
    const unknown = 'cannot be read now'
    return renderAdmin(
      c,
      { title: 'Dashboard' },
      <>
        <h1>Dashboard</h1>
        <ul class="kpis" aria-label="Today">
          <li>
            <a href={`/admin/orders?status=placed&from=${day}&to=${day}`}>Orders today</a>
            <span class="figure">{stats ? String(stats.orders) : '–'}</span>
            {!stats && <span class="muted">{unknown}</span>}
          </li>
          <li>
            {/* the day among the last 7, day by day, with what sold best */}
            <a href={`/admin/reports?from=${addDays(day, -6)}&to=${day}`}>Revenue today</a>
            <span class="figure">{stats ? money(stats.revenue) : '–'}</span>
          </li>
          <li>
            <a href="/admin/tickets?status=open">Open tickets</a>
            <span class="figure">{open ? String(open.total) : '–'}</span>
          </li>
          <li>
            <a href="/admin/tickets?overdue=true">Overdue tickets</a>
            <span class={`figure ${overdue?.total ? 'down' : ''}`}>{overdue ? String(overdue.total) : '–'}</span>
          </li>
          <li>
            <a href="/admin/reviews?reported=yes">Reviews reported</a>
            <span class={`figure ${reported?.total ? 'down' : ''}`}>{reported ? String(reported.total) : '–'}</span>
          </li>
          <li>
            <a href="/admin/reviews?shown=shown&answered=no">Reviews not answered</a>
            <span class="figure">{unanswered ? String(unanswered.total) : '–'}</span>
          </li>
          <li>
            E-mails waiting
            <span class="figure">{String(outboxes.reduce((n, [, o]) => n + (o?.pending ?? 0), 0))}</span>
            <span class="muted">
              {outboxes
                .map(([s, o]) => `${s}: ${o ? `${o.pending}${o.dead ? `, ${o.dead} failed` : ''}` : '?'}`)
                .join(' · ')}
            </span>
          </li>
          <NeedingWork attention={stats?.attention} />
        </ul>
        <div class="product">
          <section class="panel" aria-labelledby="low-stock">
            <h2 id="low-stock">Low stock</h2>
            {!low ? (
              <p class="muted">The catalog {unknown}.</p>
            ) : low.items.length === 0 ? (
              <p>Every product has more than 5 available.</p>
            ) : (
              <ul>
                {low.items.map((p) => (
                  <li>
                    <a href={productHref(admin, p.id)}>{p.name}</a>{' '}
                    <span class={p.available === 0 ? 'down' : 'muted'}>{`${p.available} available`}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {awaited && awaited.length > 0 && (
            <section class="panel" aria-labelledby="awaited">
              <h2 id="awaited">Most awaited</h2>
              <p class="muted">Shoppers asked to be e-mailed when these are back in stock.</p>
              <ul>
                {awaited.map((p) => (
                  <li>
                    <a href={productHref(admin, p.productId)}>{p.name}</a>{' '}
                    <span class="muted">{`${counted(p.waiting, 'shopper')} waiting`}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section class="panel" aria-labelledby="services">
            <h2 id="services">Services</h2>
            {!health ? (
              <p class="muted">The gateway’s health view {unknown}.</p>
            ) : (
              <ul>
                {health.services.map((s) => (
                  <li>
                    <strong>{s.name}</strong> <span class={s.status}>{s.status}</span>{' '}
                    <span class="muted">{`${s.passing} of ${s.instances.length} instances passing`}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </>,
    )
  })

  app.route('/orders', ordersAdminRoutes({ staff, timeZone: () => settings().timeZone, terms }))
  app.route('/tickets', supportAdminRoutes({ staff }))
  app.route('/reviews', reviewsAdminRoutes({ staff }))
  app.route('/reports', reportsAdminRoutes({ staff, timeZone: () => settings().timeZone }))
  app.route('/products/categories', categoriesAdminRoutes({ staff }))
  // what a product form may carry is the body limit the app was started with (app.tsx)
  const { maxUploadBytes } = settings()
  app.route('/products', catalogFileRoutes({ staff }))
  app.route('/products', catalogAdminRoutes({ staff, maxUploadBytes }))
  app.route('/promotions', promotionsAdminRoutes({ staff, terms }))
  app.route('/users', customersFileRoutes({ staff }))
  app.route('/users', usersAdminRoutes({ staff }))
  return app
}

/**
 * The orders sales is still finishing (the dashboard's warning where no alerting runs):
 * checkouts stuck 5 minutes on and money still on its way back. Sales keeps retrying;
 * above 0 for long, the provider, products or the cart keeps failing.
 */
function NeedingWork({ attention }: { attention: s.OrderStats['attention'] | undefined }) {
  const stuck = attention ? attention.stalled + attention.givingBack : 0
  return (
    <li>
      Unfinished orders
      <span class={stuck ? 'figure down' : 'figure'}>{attention ? String(stuck) : '–'}</span>
      {attention && stuck > 0 && (
        <span class="muted">
          {`${counted(attention.stalled, 'checkout')} stuck for over 5 minutes · money still on its way back for ${counted(attention.givingBack, 'order')}. Sales keeps retrying; if this stays, its log says what fails.`}
        </span>
      )}
    </li>
  )
}
