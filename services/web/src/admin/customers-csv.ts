import * as z from 'zod'
import { countryField, emailField, phoneField, wholeAddress } from '../forms.ts'
import { readTable, yesOrNo } from './csv.ts'
import type { ImportedCustomer } from './staff.ts'

/** What each column of a customers file holds, for the import page (`email` and `name` required). */
export const customerColumns = {
  email: 'Required. The customer’s e-mail address: one that has an account here is left as it is.',
  name: 'Required.',
  phone: 'A phone number, or nothing.',
  address_line1: 'The shipping address’s first line; with it, city, postal_code and country are required.',
  address_line2: 'Its second line, or nothing.',
  city: 'Its city.',
  postal_code: 'Its postal code.',
  country: 'Its country as two letters: US, GB, DE.',
  marketing: 'yes if the customer agreed to promotional e-mails; nothing or no if not.',
}
/** The most customers one file imports (what users takes at once). */
export const maxCustomers = 1000

const text = (most: number) => z.string().trim().max(most)
const row = z
  .object({
    email: emailField,
    name: text(100).min(1, 'a name'),
    phone: phoneField.transform((v) => v || undefined),
    address_line1: text(200),
    address_line2: text(200),
    city: text(100),
    postal_code: text(20),
    country: countryField,
    // nothing: no consent (users makes a new account without it)
    marketing: yesOrNo,
  })
  .partial()
  .superRefine((r, ctx) =>
    wholeAddress({ address_line1: r.address_line1, city: r.city, postal_code: r.postal_code, country: r.country }, ctx),
  )

/** A customers file read into customers to import, or the problems that stop it (each naming its line and column). */
export function customerRows(file: string): { items: ImportedCustomer[] } | { problems: string[] } {
  const read = readTable(file, {
    columns: Object.keys(customerColumns),
    required: ['email', 'name'],
    most: maxCustomers,
    noun: 'customer',
    row,
  })
  if ('problems' in read) return read
  const customers = read.items.map((r) => ({
    // required columns: always there
    email: r.email ?? '',
    name: r.name ?? '',
    ...(r.phone && { phone: r.phone }),
    ...(r.address_line1 && {
      shippingAddress: {
        line1: r.address_line1,
        ...(r.address_line2 && { line2: r.address_line2 }),
        city: r.city ?? '',
        postalCode: r.postal_code ?? '',
        country: r.country ?? '',
      },
    }),
    ...(r.marketing !== undefined && { marketingOptIn: r.marketing }),
  }))
  return { items: customers }
}
