import { Hono } from 'hono'
import type { PageParts } from '../pages.ts'
import { allPages } from '../shop/all-pages.ts'
import { signedInSession, signInFirst, type WebEnv } from '../session/session.ts'

/** At most this many orders and tickets in an export: far beyond any one shopper's. */
const most = 2000

/**
 * /account/data: everything the shop keeps about the signed-in shopper, as one JSON file to
 * download (their profile, their cart, their back-in-stock alerts, their reviews, every order,
 * every ticket with its conversation), from the services that keep it. A service that cannot answer makes it the
 * error page, never a partial file.
 */
export function dataExportRoutes({ shop }: Pick<PageParts, 'shop'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)
  app.get('/', async (c) => {
    const { accessToken } = signedInSession(c)
    const [account, cart, stockAlerts, reviews, orders, ticketList] = await Promise.all([
      shop.me(accessToken),
      shop.cart({ accessToken }),
      shop.stockAlerts(accessToken),
      shop.myReviews(accessToken),
      shop.orders(accessToken, 1).then((first) => allPages(first, (page) => shop.orders(accessToken, page), most)),
      shop.tickets(accessToken, 1).then((first) => allPages(first, (page) => shop.tickets(accessToken, page), most)),
    ])
    const tickets = []
    for (const { id } of ticketList) tickets.push(await shop.ticket(accessToken, id))
    const exportedAt = new Date().toISOString()
    const data = { exportedAt, account, cart, stockAlerts, reviews, orders, tickets }
    return c.body(`${JSON.stringify(data, null, 2)}\n`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="shopfront-data-${exportedAt.slice(0, 10)}.json"`,
      'cache-control': 'no-store',
    })
  })
  return app
}
