import { openApiDocument as document } from '@shopfront/kit'
import { addBody, setBody } from './cart/cart.routes.ts'
import { cart, notEnough } from './contract.ts'

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
      409: { description: 'Not that many available (with what is in the cart already)', schema: notEnough },
      422: 'The product is not sold, the line would be over the most of one product, or the cart holds the most different products (errors names the field)',
    },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{productId}',
    summary: 'Set the quantity of a line',
    access: 'user',
    body: setBody,
    responses: {
      200: { description: 'The cart', schema: cart },
      409: { description: 'Not that many available', schema: notEnough },
      422: 'Over the most of one product (errors names quantity)',
    },
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
