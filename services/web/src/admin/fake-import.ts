import { AppError } from '@shopfront/kit'
import type { Product } from '../shop/schemas.ts'
import type { User } from './schemas.ts'
import type { ImportedCustomer, ImportedProduct } from './staff.ts'

/**
 * Products' import as the fake catalog's own (`POST /api/products/import`): by SKU, all or
 * none; a category it does not know (it knows the fake's `coffee`), or stock below what is
 * held, is a 422 naming the product, as products names it; `dryRun` only checks. The
 * contract test holds it to the real import.
 */
export function fakeImport(catalog: Product[], rows: ImportedProduct[], { dryRun = false } = {}) {
  const category = catalog[0]?.category ?? null
  const errors = rows.flatMap((r, i) => {
    const held = catalog.find((p) => p.sku === r.sku)?.stock.reserved ?? 0
    return [
      ...(r.category && r.category !== category?.slug
        ? [{ path: `products.${i}.category`, message: `no category ${r.category}` }]
        : []),
      ...(r.stock !== undefined && r.stock < held
        ? [{ path: `products.${i}.stock`, message: `${held} are held by checkouts under way` }]
        : []),
    ]
  })
  if (errors.length)
    throw new AppError('unprocessable', `${errors.length} problem(s) in the products; nothing was imported.`, {
      errors,
    })
  if (dryRun) {
    const known = rows.filter((r) => catalog.some((p) => p.sku === r.sku)).length
    return { created: rows.length - known, updated: known }
  }
  let created = 0
  for (const { price, category: slug, stock, ...given } of rows) {
    let product = catalog.find((p) => p.sku === given.sku)
    if (!product) {
      const at = new Date().toISOString()
      product = {
        id: crypto.randomUUID(),
        sku: given.sku,
        name: given.name,
        description: '',
        price,
        images: [],
        attributes: {},
        category: null,
        active: true,
        stock: { onHand: 0, reserved: 0 },
        available: 0,
        createdAt: at,
        updatedAt: at,
      }
      catalog.push(product)
      created++
    }
    const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined))
    Object.assign(product, defined, { price })
    if (slug !== undefined) product.category = slug === null ? null : category
    if (stock !== undefined) product.stock = { onHand: stock, reserved: product.stock.reserved }
    product.available = product.stock.onHand - product.stock.reserved
  }
  return { created, updated: rows.length - created }
}

/**
 * Users' customer import as the fake back office's own (`POST /api/users/import`): an
 * account for each new e-mail, a customer's not verified yet; one that has an account is
 * left as it is; one whose account was deleted is passed over. `invited` collects those an
 * invitation would go to.
 */
export function fakeCustomerImport(
  { users, erased }: { users: User[]; erased: string[] },
  rows: ImportedCustomer[],
  invite: boolean,
  invited: string[],
) {
  let created = 0
  let passedOver = 0
  for (const row of rows) {
    if (users.some((u) => u.email === row.email)) continue
    if (erased.includes(row.email)) {
      passedOver++
      continue
    }
    users.push({
      id: crypto.randomUUID(),
      email: row.email,
      name: row.name,
      phone: row.phone ?? null,
      shippingAddress: row.shippingAddress ?? null,
      roles: ['customer'],
      emailVerified: false,
      deletedAt: null,
      disabled: false,
      marketingOptIn: row.marketingOptIn ?? false,
      createdAt: new Date().toISOString(),
    })
    if (invite) invited.push(row.email)
    created++
  }
  return { created, existing: rows.length - created - passedOver, erased: passedOver }
}
