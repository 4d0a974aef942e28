/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import * as z from 'zod'
import { counted } from '../layout/parts.tsx'
import type { WebContext, WebEnv } from '../session/session.ts'
import { renderAdmin } from './admin-layout.tsx'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import { ImportForm, refusedLines, uploadedText } from './csv-import.tsx'
import { customerColumns, customerRows, maxCustomers } from './customers-csv.ts'
import type { Staff } from './staff.ts'

const counts = z.object({ created: z.coerce.number().int().min(0), existing: z.coerce.number().int().min(0) })

/** /admin/users/import (admins): customers brought over from another system, from a spreadsheet's CSV file. */
export function customersFileRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  const importPage = (c: WebContext, problems: string[] = [], status = 200) => {
    const done = counts.safeParse(c.req.query())
    const notice = done.success
      ? {
          kind: 'ok' as const,
          text: `Imported: ${counted(done.data.created, 'customer')} added; ${counted(done.data.existing, 'e-mail')} had an account already, left as it was.`,
          fromQuery: ['created', 'existing'],
        }
      : undefined
    return renderAdmin(
      c,
      { title: 'Import customers', notice },
      <>
        <h1>Import customers</h1>
        <p>
          Customers from the shop’s old system, as a CSV file a spreadsheet saves, one a line under a header line, up to{' '}
          {maxCustomers}. All or nothing: while one line is wrong, nothing changes, and every problem is listed here.
        </p>
        <p>
          Each new customer gets an account with no password: they choose one with “Forgot your password?” on the
          sign-in page, which e-mails them a code (it proves the address is theirs). Ask below to e-mail each of them
          now to say so.
        </p>
        <ImportForm action="/admin/users/import" problems={problems} columns={customerColumns}>
          <label class="check">
            <input type="checkbox" name="invite" value="1" /> E-mail each new customer how to choose a password
          </label>
        </ImportForm>
      </>,
      status,
    )
  }

  app.get('/import', (c) => importPage(c))

  app.post('/import', async (c) => {
    const text = await uploadedText(c)
    if (text === undefined) return importPage(c, ['Choose a CSV file to import.'], 400)
    const read = customerRows(text)
    if ('problems' in read) return importPage(c, read.problems, 400)
    const invite = (await c.req.formData()).get('invite') === '1'
    try {
      const { created, existing } = await staff.importCustomers(staffToken(c), read.customers, invite)
      return c.redirect(`/admin/users/import?created=${created}&existing=${existing}`, 303)
    } catch (err) {
      const { problems, status } = refusedLines(err, 'users')
      return importPage(c, problems, status)
    }
  })
  return app
}
