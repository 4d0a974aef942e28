import * as z from 'zod'
import { categoryPage } from '@shopfront/products/contract'
import { address } from '@shopfront/users/contract'

// What the pages read of the services' answers (each validated: a neighbour answering
// otherwise is a 502). The services' answers as they document them (their contracts).
export {
  alertCodes,
  type Category,
  category,
  type Facets,
  type Product,
  type ProductPage,
  priceBands,
  product,
  productPage,
  mediumPictureOf,
  type StockAlert,
  stockAlert,
  stockAlertPage,
  smallPictureOf,
  type UploadedPicture,
  uploadedPicture,
  uploadedPictureUrl,
} from '@shopfront/products/contract'
export { type Cart, cart, merged, notEnough } from '@shopfront/cart/contract'
export { type Address, address } from '@shopfront/users/contract'
export {
  checkoutRefusal,
  type DeliveryTerms,
  deliveryTerms,
  type Order,
  type OrderPage,
  order,
  orderPage,
  type MyReview,
  myReview,
  type ProductRatings,
  productRatings,
  type ProductReviewPage,
  productReviewPage,
  type Quote,
  quote,
  type Review,
  reviewCodes,
  reviewPage,
  type ReviewSort,
  reviewSorts,
} from '@shopfront/sales/contract'
export {
  type Ticket,
  type TicketPage,
  ticket,
  ticketPage,
  ticketTypes,
} from '@shopfront/support/contract'
export const categories = categoryPage

export const tokens = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number() })
export type Tokens = z.infer<typeof tokens>
/** What verifying an e-mail answers: the tokens that sign the newcomer in (none for a disabled account). */
export const verified = z.union([tokens, z.object({ verified: z.literal(true) })])

export const me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable().optional(),
  roles: z.array(z.string()),
  shippingAddress: address.nullable().optional(),
  marketingOptIn: z.boolean().optional(),
})
export type Me = z.infer<typeof me>
