import { openApiDocument as document } from '@shopfront/kit'
import { addBody, setBody } from './cart/cart.routes.ts'
import { cart, notEnough } from './contract.ts'

/** A line added or changed is refused when there are not that many (409), or over a limit (422: `limits`). */
const lineRefusals = (limits: string) => ({
  409: { description: 'Not that many available (with what is in the cart already)', schema: notEnough },
  422: `${limits} (errors names the field)`,
})

/** What the gateway merges into /openapi.json. */
export const openApiDocument = document('cart', [
  {
    method: 'get',
    path: '/api/cart',
    summary: 'Your cart, priced from the catalog (stale: true when the catalog could not be asked)',
    access: 'user',
    responses: { 200: { description: 'The cart', schema: cart } },
  },
  {
    method: 'post',
    path: '/api/cart/items',
    summary: 'Add a product (adds to an existing line)',
    access: 'user',
    body: addBody,
    responses: {
      201: { description: 'The cart', schema: cart },
      ...lineRefusals('The product is not sold, more of it than one line takes, or the cart is full'),
    },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{productId}',
    summary: 'Set the quantity of a line',
    access: 'user',
    body: setBody,
    responses: { 200: { description: 'The cart', schema: cart }, ...lineRefusals('More than one line takes') },
  },
  {
    method: 'delete',
    path: '/api/cart/items/{productId}',
    summary: 'Remove a line',
    access: 'user',
    responses: { 204: 'Removed' },
  },
  { method: 'delete', path: '/api/cart', summary: 'Empty the cart', access: 'user', responses: { 204: 'Emptied' } },
])
