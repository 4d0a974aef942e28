import { enqueueMail } from '@shopfront/kit'
import { invitationMail } from './account-mail.ts'
import type { ImportedCustomer } from './accounts.routes.ts'
import type { AccountWork } from './accounts.service.ts'

/**
 * Customers from another system, in one transaction: an account for each e-mail the shop
 * does not know (a customer's, the e-mail not verified yet), with a password nobody knows:
 * the customer chooses one with "Forgot your password?", whose e-mailed code also verifies
 * the address. An e-mail that already has an account leaves that account as it is (its
 * owner's profile wins); one whose account was deleted is passed over (its owner asked to
 * be forgotten: an old list does not bring them back). `invite` queues each new customer
 * the e-mail that says so.
 */
export function createCustomerImport({ users, passwords, shop, addressDigest }: AccountWork) {
  return async (rows: ImportedCustomer[], { invite }: { invite: boolean }) => {
    // one for every account of the import: none of them has a password yet
    const unusable = await passwords.unusable()
    const digests = new Map(rows.map((r) => [r.email, addressDigest(r.email)]))
    return users.transaction(async (tx) => {
      const known = await users.withAccounts(tx, [...digests.keys()])
      const erased = await users.erasedAmong(tx, [...digests.values()])
      const wanted = rows.filter((r) => !known.has(r.email) && !erased.has(digests.get(r.email) ?? ''))
      const made = await users.insertCustomers(tx, wanted, unusable)
      if (invite)
        for (const user of made)
          await enqueueMail(tx, invitationMail(user, { shopUrl: shop().publicUrl }), shop().mailDomain)
      const passedOver = rows.filter((r) => !known.has(r.email)).length - wanted.length
      return { created: made.length, existing: rows.length - made.length - passedOver, erased: passedOver }
    })
  }
}
export type CustomerImport = ReturnType<typeof createCustomerImport>
