/** @jsxImportSource hono/jsx */
import * as z from 'zod'
import { AppError } from '@shopfront/kit'
import type { Prepared } from '../forms.ts'
import { Field } from '../layout/fields.tsx'
import type { Order } from '../shop/schemas.ts'
import type { Shop } from '../shop/shop.ts'

/** The items of an order that can still come back, and how many of each. */
const returnable = (order: Order) =>
  order.items.map((item) => ({ ...item, out: item.quantity - item.returned })).filter((item) => item.out > 0)

const fieldOf = (productId: string) => `return-${productId}`

/**
 * A return's items as `prepare` writes them for the form's schema ("<productId>:<count>,…"),
 * read back as the list support takes; none: the whole order.
 */
export const itemsField = z
  .string()
  .regex(/^[\da-f-]{36}:\d{1,5}(,[\da-f-]{36}:\d{1,5})*$/)
  .transform((text) =>
    text.split(',').map((pair) => {
      const [productId = '', count = ''] = pair.split(':')
      return { productId, quantity: Number(count) }
    }),
  )
  .optional()

/**
 * What a return form sends back, read from a number per item (all that is still out, unless
 * the shopper lowers it): some items, or none for the whole order. The items shown must be
 * the chosen order's (`itemsOf`): another order chosen shows its items to choose from, and
 * nothing is sent. Anything but a delivered order of the shopper's goes on as it is, for
 * support to refuse in its words. An order that cannot be read now is said on the form
 * (a 503, nothing sent: support might read it a moment later and return all of it).
 */
export function returnItems(shop: Shop, token: string) {
  return async (sent: Record<string, string>): Promise<Prepared> => {
    const { items: _, ...values } = sent
    if (values.type !== 'return' || !values.orderId || !z.uuid().safeParse(values.orderId).success) return { values }
    const order = await shop.order(token, values.orderId).catch((err) => {
      if (err instanceof AppError && err.status === 404) return undefined
      if (err instanceof AppError && err.status >= 500) return err
      throw err
    })
    if (order instanceof AppError) {
      const text = 'Your order cannot be read right now, so the return cannot be asked for yet; try again in a moment.'
      return { values, refused: { errors: {}, notice: { kind: 'alert', text }, status: 503 } }
    }
    if (order?.status !== 'delivered') return { values }
    const refused = (message: string) => ({ values, refused: { errors: { items: message }, status: 400 } })
    if (values.itemsOf !== order.id) return refused(`Choose what you send back from order ${order.number}.`)
    const chosen = returnable(order).map((item) => {
      // a number left empty is none of it; one not sent (the form showed no numbers) all of it
      const typed = values[fieldOf(item.productId)]?.trim()
      const count = typed === undefined ? item.out : typed === '' ? 0 : Number(typed)
      return { item, count: Number.isInteger(count) && count >= 0 && count <= item.out ? count : -1 }
    })
    const wrong = chosen.find((c) => c.count < 0)
    if (wrong) return refused(`${wrong.item.name}: from 0 to ${wrong.item.out}.`)
    if (chosen.every((c) => c.count === 0)) return refused('Choose at least one item to send back.')
    if (chosen.every((c) => c.count === c.item.out)) return { values }
    const some = chosen.filter((c) => c.count > 0).map((c) => `${c.item.productId}:${c.count}`)
    return { values: { ...values, items: some.join(',') } }
  }
}

/** A number for each item of a delivered order that can still come back: all of it, unless lowered. */
export function ReturnItemsFields({
  order,
  values,
  error,
}: {
  order: Order
  values: Record<string, string>
  error?: string | undefined
}) {
  const same = values.itemsOf === order.id
  return (
    <fieldset aria-describedby={error ? 'items-error' : undefined}>
      <legend>{`What do you send back from order ${order.number}?`}</legend>
      <input type="hidden" name="itemsOf" value={order.id} />
      {error && (
        <span class="error" id="items-error">
          {error}
        </span>
      )}
      {returnable(order).map((item) => (
        <Field
          name={fieldOf(item.productId)}
          label={item.name}
          type="number"
          inputmode="numeric"
          hint={item.returned > 0 ? `${item.out} of ${item.quantity} not returned yet` : `${item.quantity} bought`}
          value={same ? values[fieldOf(item.productId)] : String(item.out)}
          more={{ min: '0', max: String(item.out) }}
        />
      ))}
    </fieldset>
  )
}
