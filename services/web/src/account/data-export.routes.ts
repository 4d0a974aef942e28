import { Hono } from 'hono'
import type { PageParts } from '../pages.ts'
import { signedInSession, signInFirst, type WebEnv } from '../session/session.ts'

/** At most this many orders and tickets in an export: far beyond any one shopper's. */
const most = 2000

/** Every item of a paged list, page after page until its total (or `most`) is reached. */
async function everyPage<T>(read: (page: number) => Promise<{ items: T[]; total: number }>) {
  const all: T[] = []
  for (let page = 1; all.length < most; page++) {
    const { items, total } = await read(page)
    all.push(...items)
    if (items.length === 0 || all.length >= total) break
  }
  return all
}

/**
 * /account/data: everything the shop keeps about the signed-in shopper, as one JSON file to
 * download (their profile, their cart, every order, every ticket with its conversation), from the
 * services that keep it. A service that cannot answer makes it the error page, never a
 * partial file.
 */
export function dataExportRoutes({ shop }: Pick<PageParts, 'shop'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)
  app.get('/', async (c) => {
    const { accessToken } = signedInSession(c)
    const [account, cart, orders, ticketList] = await Promise.all([
      shop.me(accessToken),
      shop.cart({ accessToken }),
      everyPage((page) => shop.orders(accessToken, page)),
      everyPage((page) => shop.tickets(accessToken, page)),
    ])
    const tickets = []
    for (const { id } of ticketList) tickets.push(await shop.ticket(accessToken, id))
    const exportedAt = new Date().toISOString()
    return c.body(`${JSON.stringify({ exportedAt, account, cart, orders, tickets }, null, 2)}\n`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="shopfront-data-${exportedAt.slice(0, 10)}.json"`,
      'cache-control': 'no-store',
    })
  })
  return app
}
