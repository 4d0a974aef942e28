import { openApiDocument as document } from '@shopfront/kit'
import { addBody, setBody } from './cart/cart.routes.ts'
import { cart } from './contract.ts'

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
    responses: { 201: { description: 'The cart', schema: cart } },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{productId}',
    summary: 'Set the quantity of a line',
    access: 'user',
    body: setBody,
    responses: { 200: { description: 'The cart', schema: cart } },
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
