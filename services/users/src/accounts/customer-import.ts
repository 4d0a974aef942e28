import { enqueueMail } from '@shopfront/kit'
import { invitationMail } from './account-mail.ts'
import type { ImportedCustomer } from './accounts.routes.ts'
import type { AccountWork } from './accounts.service.ts'

/**
 * Customers from another system, in one transaction: an account for each e-mail the shop
 * does not know (a customer's, the e-mail not verified yet), with a password nobody knows:
 * the customer chooses one with "Forgot your password?", whose e-mailed code also verifies
 * the address. An e-mail that already has an account leaves that account as it is (its
 * owner's profile wins). `invite` queues each new customer the e-mail that says so.
 */
export function createCustomerImport({ users, passwords, shop }: AccountWork) {
  return async (rows: ImportedCustomer[], { invite }: { invite: boolean }) => {
    // one for every account of the import: none of them has a password yet
    const unusable = await passwords.unusable()
    return users.transaction(async (tx) => {
      const made = await users.insertCustomers(tx, rows, unusable)
      if (invite)
        for (const user of made)
          await enqueueMail(tx, invitationMail(user, { shopUrl: shop().publicUrl }), shop().mailDomain)
      return { created: made.length, existing: rows.length - made.length }
    })
  }
}
export type CustomerImport = ReturnType<typeof createCustomerImport>
