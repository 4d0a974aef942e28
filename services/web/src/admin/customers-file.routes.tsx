/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { counted } from '../layout/parts.tsx'
import type { WebEnv } from '../session/session.ts'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import { importRoutes } from './csv-import.tsx'
import { customerColumns, customerRows, maxCustomers } from './customers-csv.ts'
import type { Staff } from './staff.ts'

/** /admin/users/import (admins): customers brought over from another system, from a spreadsheet's CSV file. */
export function customersFileRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  importRoutes(app, {
    action: '/admin/users/import',
    title: 'Import customers',
    list: 'users',
    intro: (
      <>
        <p>
          Customers from the shop’s old system, as a CSV file a spreadsheet saves, one a line under a header line, up to{' '}
          {maxCustomers}. All or nothing: while one line is wrong, nothing changes, and every problem is listed here.
        </p>
        <p>
          Each new customer gets an account with no password: they choose one with “Forgot your password?” on the
          sign-in page, which e-mails them a code (it proves the address is theirs). Ask below to e-mail each of them
          now to say so.
        </p>
      </>
    ),
    columns: customerColumns,
    fields: (
      <label class="check">
        <input type="checkbox" name="invite" value="1" /> E-mail each new customer how to choose a password
      </label>
    ),
    read: customerRows,
    send: async (c, customers) =>
      staff.importCustomers(staffToken(c), customers, (await c.req.formData()).get('invite') === '1'),
    counts: ['created', 'existing', 'erased'],
    said: ({ created, existing, erased }) =>
      `Imported: ${counted(created, 'customer')} added; ${counted(existing, 'e-mail')} had an account already, left as it was.${
        erased
          ? ` ${counted(erased, 'e-mail')} belonged to a deleted account, not added again: its owner asked to be forgotten.`
          : ''
      }`,
  })
  return app
}
