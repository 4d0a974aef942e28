import {
  enqueueMail,
  formatMoney,
  type Logger,
  mailBlocks as b,
  mailLayout,
  type OutgoingMail,
  repeatInBackground,
} from '@shopfront/kit'
import { mailPictureOf } from '../contract.ts'
import type { AlertsRepo, DueAlert } from './alerts.repo.ts'

/** The e-mail that a product the shopper waited for can be bought again. */
export function backInStockMail(alert: DueAlert, shopUrl: string): OutgoingMail {
  const { product } = alert
  const url = `${shopUrl}/products/${alert.productId}`
  const price = formatMoney({ amount: product.priceAmount, currency: product.currency })
  const said = `${product.name} is back in stock. You asked us to tell you.`
  return {
    to: alert.email,
    subject: `Back in stock: ${product.name}`,
    text: [
      `Hello ${alert.name},`,
      said,
      `${product.name}, ${price}: ${url}`,
      'It may sell out again; this is the only e-mail we send about it.',
    ].join('\n\n'),
    html: mailLayout({
      shopUrl,
      title: `Back in stock: ${product.name}`,
      preheader: said,
      blocks: [
        b.heading(`${product.name} is back`),
        b.paragraph(`Hello ${alert.name}, you asked us to tell you when it is in stock again: it is now.`),
        b.lines([{ image: mailPictureOf(product.sku, shopUrl), name: product.name, amount: price }]),
        b.button('See it in the shop', url),
        b.muted('It may sell out again; this is the only e-mail we send about it.'),
      ],
    }),
    // once an alert: asked again after it was sent, it is another alert
    key: `back-in-stock:${alert.productId}:${alert.userId}:${alert.createdAt.getTime()}`,
  }
}

/**
 * Shoppers waiting for a product e-mailed once it can be bought again (stock counted in,
 * a return, a checkout that gave its hold back, the product sold again): every
 * `intervalMs`, a hundred at a time, each alert ending with its e-mail queued.
 */
export function backInStockAlerts(
  alerts: Pick<AlertsRepo, 'sendDue'>,
  {
    shop,
    intervalMs,
    logger,
  }: {
    shop: () => { publicUrl: string; mailDomain: string }
    intervalMs: () => number
    logger: Logger
  },
) {
  const sendAll = async () => {
    const { publicUrl, mailDomain } = shop()
    let sent = 0
    for (;;) {
      const batch = await alerts.sendDue(100, (tx, alert) =>
        enqueueMail(tx, backInStockMail(alert, publicUrl), mailDomain),
      )
      sent += batch
      if (batch < 100) break
    }
    if (sent > 0) logger.info('shoppers told a product is back in stock', { sent })
    return sent
  }
  return repeatInBackground({ name: 'back-in-stock alerts', run: sendAll, intervalMs, logger })
}
