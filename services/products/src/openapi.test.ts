import { describeApiDocument } from '@shopfront/kit/testing'
import { openApiDocument } from './openapi.ts'
import { productBody, startProducts } from './testing.ts'

const products = await startProducts()
const { send, as } = products
// a category with a stocked product in it, so that bad bodies reach what they would change
const category = await send('POST', '/api/categories', { body: { slug: 'probed', name: 'Probed' }, auth: as.admin })
const product = await send('POST', '/api/products', {
  body: productBody({ categoryId: category.body.id }),
  auth: as.admin,
})
await send('POST', `/api/products/${product.body.id}/stock`, {
  body: { delta: 50, reason: 'delivery' },
  auth: as.admin,
})

describeApiDocument(products, openApiDocument, {
  '/api/products/{id}': product.body.id,
  '/api/categories/{id}': category.body.id,
})
