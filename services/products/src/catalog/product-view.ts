import type { ProductRow } from './products.repo.ts'

/** A product's attributes in the order the admin gave them (any the order does not name after them). */
const inOrder = (attributes: ProductRow['attributes'], order: string[]) =>
  Object.fromEntries(
    [...new Set([...order, ...Object.keys(attributes)])]
      .filter((name) => Object.hasOwn(attributes, name))
      .map((name) => [name, attributes[name]]),
  )

/** A product as the API shows it: money as `{ amount, currency }`, `available` = on hand - reserved, attributes in their order. */
export function productView(row: ProductRow) {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amount: row.priceAmount, currency: row.currency.trim() },
    images: row.images,
    attributes: inOrder(row.attributes, row.attributeOrder),
    category: row.categoryId ? { id: row.categoryId, slug: row.categorySlug, name: row.categoryName } : null,
    active: row.active,
    stock: { onHand: row.onHand, reserved: row.reserved },
    available: row.onHand - row.reserved,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type ProductView = ReturnType<typeof productView>
