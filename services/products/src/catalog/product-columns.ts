import type { UpdateProduct } from './products.schemas.ts'

/**
 * A product's details as its columns: each one given, and nothing for one left out (an
 * update leaves it as it is). The attributes' order is kept beside them, as sent.
 */
export const detailColumns = (p: Omit<UpdateProduct, 'categoryId'>) => ({
  name: p.name,
  description: p.description,
  priceAmount: p.price?.amount,
  currency: p.price?.currency,
  images: p.images,
  attributes: p.attributes,
  attributeOrder: p.attributes && Object.keys(p.attributes),
  active: p.active,
})
