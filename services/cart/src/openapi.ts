import * as z from 'zod'
import { openApiDocument as document } from '@shopfront/kit'
import { cart } from './contract.ts'

const quantity = z.object({ quantity: z.number().int().min(1) })

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
    body: z.object({ productId: z.uuid(), quantity: z.number().int().min(1).optional() }),
    responses: { 201: { description: 'The cart', schema: cart } },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{productId}',
    summary: 'Set the quantity of a line',
    access: 'user',
    body: quantity,
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
