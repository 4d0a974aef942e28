import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { catalog, product, startCart } from './testing.ts'

// one product sold, so that bad bodies reach the cart lines they would change
const mug = product('11111111-1111-4111-8111-111111111111', 'Mug')
const cart = await startCart(catalog([mug]))
await cart.send('POST', '/api/cart/items', { auth: cart.as.ann, body: { productId: mug.id, quantity: 1 } })

describeApiDocument(cart, openApiDocument, { productId: mug.id })
