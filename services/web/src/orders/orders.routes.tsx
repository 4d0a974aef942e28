/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { AppError, addressLines } from '@shopfront/kit'
import { noticeFrom, pageNumber, pageLinks } from '../forms.ts'
import { buyAgain } from '../cart/buy-again.ts'
import { Confirm } from '../layout/confirm.tsx'
import { CsrfField } from '../layout/layout.tsx'
import { When, money } from '../layout/parts.tsx'
import {
  OrderHistory,
  OrderLines,
  OrderTotals,
  orderStatusText,
  paymentText,
  pendingMoveText,
  type ReturnWindow,
  returnWindowOf,
} from './order-parts.tsx'
import { renderDocument } from '../layout/document.tsx'
import type { PageParts } from '../pages.ts'
import { PagedTable } from '../layout/table.tsx'
import { accessToken, signInFirst, type WebContext, type WebEnv } from '../session/session.ts'
import type { Order } from '../shop/schemas.ts'
import { Receipt } from './printables.tsx'

/** An order's id, or its number as the e-mails show it (SF-1001): sales takes either. */
export const orderRef = z.union([z.uuid(), z.string().regex(/^SF-\d{1,12}$/i)])

const cancellable = new Set(['pending', 'paid'])
/** A receipt is for what was placed and paid (cancelled and refunded ones too: they say the money went back). */
const hasReceipt = (o: Order) => o.status !== 'failed' && o.status !== 'pending'

/** My orders: the list, one order with its history, and cancelling before it ships. */
export function ordersRoutes({ shop, render, terms }: Pick<PageParts, 'shop' | 'render' | 'terms'>) {
  const app = new Hono<WebEnv>()
  app.use(signInFirst)

  app.get('/', async (c) => {
    const page = pageNumber(c)
    const orders = await shop.orders(accessToken(c), page)
    return render(
      c,
      { title: 'Your orders' },
      <>
        <h1>Your orders</h1>
        <PagedTable
          caption="Your orders, newest first"
          found={orders}
          page={page}
          href={pageLinks('/orders')}
          empty={
            <>
              No orders yet. <a href="/products">Start shopping</a>.
            </>
          }
          columns={[
            { head: 'Order', cell: (o) => <a href={`/orders/${o.id}`}>{o.number}</a> },
            { head: 'Placed', wide: true, cell: (o) => <When at={o.createdAt} /> },
            { head: 'Status', cell: (o) => orderStatusText(o) },
            { head: 'Total', num: true, cell: (o) => money(o.total, o.currency) },
          ]}
        />
      </>,
    )
  })

  /** The shopper's order by its id or number; anything else is no order (a 404, sales not asked). */
  const orderOf = (token: string, id: string) => {
    if (!orderRef.safeParse(id).success) throw new AppError('not_found', 'There is no such order.')
    return shop.order(token, id)
  }

  const orderPage = async (
    c: WebContext,
    token: string,
    id: string,
    notice?: { kind: 'ok' | 'alert'; text: string },
    status = 200,
  ) => {
    const order = await orderOf(token, id)
    const said = noticeFrom(c, {
      placed: `Thank you! Order ${order.number} is placed; a confirmation is on its way by e-mail.`,
      ...(order.status === 'cancelled' && {
        cancelled: `Order ${order.number} is cancelled; a confirmation is on its way by e-mail.`,
      }),
    })
    return render(
      c,
      {
        title: `Order ${order.number}`,
        notice: notice ?? said,
      },
      <OrderPage order={order} returns={returnWindowOf(order, terms().returnWindowDays)} />,
      status,
    )
  }

  app.get('/:id', (c) => orderPage(c, accessToken(c), c.req.param('id')))
  // a receipt to print or keep as a PDF: an order that was placed (a failed or pending one has none)
  app.get('/:id/receipt', async (c) => {
    const order = await orderOf(accessToken(c), c.req.param('id'))
    if (!hasReceipt(order)) throw new AppError('not_found', `Order ${order.number} was not placed: it has no receipt.`)
    return renderDocument(
      c,
      { title: `Receipt for order ${order.number}`, back: `/orders/${order.id}` },
      <Receipt order={order} seller={terms().seller} />,
    )
  })

  // cancelling cannot be taken back: a page that asks first, saying what happens to the payment
  app.get('/:id/cancel', async (c) => {
    const id = c.req.param('id')
    const order = await orderOf(accessToken(c), id)
    if (!cancellable.has(order.status)) return c.redirect(`/orders/${order.id}`, 303)
    const question = `Cancel order ${order.number}?`
    const detail = `${order.status === 'paid' ? `The ${money(order.total, order.currency)} you paid goes back to your card` : 'Nothing is charged'}, and nothing is sent. This cannot be undone.`
    const ask = { question, detail, action: `/orders/${order.id}/cancel`, button: 'Cancel the order', back: 'Keep it' }
    return render(c, { title: question }, <Confirm {...ask} />)
  })

  app.post('/:id/cancel', async (c) => {
    const token = accessToken(c)
    const id = c.req.param('id')
    try {
      await shop.cancelOrder(token, id)
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404)
        return orderPage(c, token, id, { kind: 'alert', text: err.detail }, err.status)
      throw err
    }
    return c.redirect(`/orders/${id}?cancelled=1`, 303)
  })

  // the order's products in the cart again, each as far as it goes; the cart page says how far
  app.post('/:id/buy-again', async (c) => {
    const token = accessToken(c)
    const order = await orderOf(token, c.req.param('id'))
    const { fewer, missing } = await buyAgain(shop, { accessToken: token }, order)
    return c.redirect(`/cart?again=${order.number}&fewer=${fewer}&missing=${missing}`, 303)
  })

  return app
}

function OrderPage({ order, returns }: { order: Order; returns?: ReturnWindow }) {
  const address = order.shippingAddress
  const paid = paymentText(order)
  return (
    <>
      <h1>{`Order ${order.number}`}</h1>
      <p>
        <span class="status">{orderStatusText(order)}</span>{' '}
        <span class="muted">
          placed <When at={order.createdAt} />
        </span>
      </p>
      {order.failure && <p class="notice alert">{order.failure.detail ?? 'This order could not be placed.'}</p>}
      {order.pendingStatus && (
        <p class="notice ok">
          {`We are finishing the ${pendingMoveText[order.pendingStatus]}: the payment is on its way back to your card, and an e-mail will say when it is done.`}
        </p>
      )}
      <OrderLines order={order} href={(id) => `/products/${id}`} reviews={order.status === 'delivered'} />
      <OrderTotals order={order} />
      {paid && <p class="muted right">{paid}</p>}
      {returns && (
        <p class="muted">
          {returns.open ? (
            <>
              Returns are free until <When at={returns.until} />.
            </>
          ) : (
            <>
              The time for returns ended <When at={returns.until} />; if something is wrong, ask us about this order.
            </>
          )}
        </p>
      )}
      <div class="product">
        {address && (
          <section class="panel" aria-labelledby="ship-to">
            <h2 id="ship-to">Shipping to</h2>
            <p>
              {addressLines(address).map((line, i) => (
                <>
                  {i > 0 && <br />}
                  {line}
                </>
              ))}
            </p>
            {order.trackingNumber && <p>{`Tracking number: ${order.trackingNumber}`}</p>}
          </section>
        )}
        {order.history && <OrderHistory order={order} />}
      </div>
      <div class="actions">
        <a class="button secondary" href="/orders">
          All orders
        </a>
        {hasReceipt(order) && (
          <a class="button secondary" href={`/orders/${order.id}/receipt`}>
            Receipt
          </a>
        )}
        <form method="post" action={`/orders/${order.id}/buy-again`}>
          <CsrfField />
          <button type="submit" class="secondary">
            Buy again
          </button>
        </form>
        {order.status !== 'failed' && (
          <a class="button secondary" href={`/tickets/new?orderId=${order.id}`}>
            Ask about this order
          </a>
        )}
        {returns?.open && (
          <a class="button" href={`/tickets/new?type=return&orderId=${order.id}`}>
            Return items
          </a>
        )}
        {cancellable.has(order.status) && !order.pendingStatus && (
          <a class="button secondary" href={`/orders/${order.id}/cancel`}>
            Cancel this order…
          </a>
        )}
      </div>
    </>
  )
}
