/** A product as the API shows it: money as `{ amount, currency }`, `available` = on hand - reserved. */
export function productView(row: Record<string, any>) {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amount: row.price_amount, currency: String(row.currency).trim() },
    images: row.images,
    attributes: row.attributes,
    category: row.category_id ? { id: row.category_id, slug: row.category_slug, name: row.category_name } : null,
    active: row.active,
    stock: { onHand: row.on_hand, reserved: row.reserved },
    available: row.on_hand - row.reserved,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

export type ProductView = ReturnType<typeof productView>
