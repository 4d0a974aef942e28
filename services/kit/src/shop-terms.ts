import * as z from 'zod'

/**
 * The shop's terms (application.yml's `shop`, one value for every app): its return window,
 * which the web app says on its pages, sales in its e-mails, and support keeps; and who
 * sells, as receipts and e-mails name them.
 */
export const shopTerms = z.object({
  /** A delivered order's items can be returned (free) for this many days after delivery. */
  returnWindowDays: z.number().int().min(1).max(365).default(30),
  /** Who sells: where you trade, receipts must carry the legal name, address and tax number, and offers by e-mail the address. */
  seller: z
    .object({
      name: z.string().trim().min(1).max(200).default('Shopfront'),
      /** One line: street, town, postcode, country. */
      address: z.string().trim().max(300).default(''),
      /** VAT, GST or sales tax number; empty: none printed. */
      taxId: z.string().trim().max(50).default(''),
    })
    .prefault({}),
})

/** The seller in one line, as a receipt's or an e-mail's foot names them: "Shopfront Ltd, 1 Market St, Springfield". */
export const sellerLine = ({ name, address }: { name: string; address: string }) =>
  [name, address].filter(Boolean).join(', ')

/** The last moment a delivery's items can be returned: `days` after it arrived. */
export const returnableUntil = (deliveredAt: string | Date, days: number) =>
  new Date(new Date(deliveredAt).getTime() + days * 86_400_000)

/** The promise in words: "free returns within 30 days". */
export const freeReturns = (days: number) => `free returns within ${days} ${days === 1 ? 'day' : 'days'}`
