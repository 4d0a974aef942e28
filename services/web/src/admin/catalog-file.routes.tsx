/** @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { today } from '@shopfront/kit'
import { counted } from '../layout/parts.tsx'
import type { WebEnv } from '../session/session.ts'
import { exportable } from '../shop/all-pages.ts'
import { adminsOnly, staffToken } from './admin.routes.tsx'
import { type catalogColumns, catalogCsv, importRows, maxImported } from './catalog-csv.ts'
import { importRoutes } from './csv-import.tsx'
import { csvAttachment } from './csv.ts'
import type { Staff } from './staff.ts'

/** What each column holds, for the import page. */
const columnHelp: Record<(typeof catalogColumns)[number], string> = {
  sku: 'Required. The item number: a known one changes that product, a new one adds a product.',
  name: 'Required.',
  description: 'Text; line breaks are kept.',
  price: 'Required. In dollars: 12.50.',
  category: 'A category’s slug (as on the Categories page), or nothing for none.',
  stock: 'Units on hand; the change is recorded in the product’s stock history. Nothing: left as it is.',
  active: 'yes or no (no: not in the shop). Nothing: yes for a new product, left as it is for a known one.',
  images: 'Pictures’ addresses, one a line (or separated by spaces): https://… or uploaded ones.',
  attributes: 'One a line as name: value (roast: medium).',
}
/** An export reads products' pages of this many, up to this many products. */
const exportPage = 100
const exportLimit = 10_000

/** /admin/products/import and /admin/products/export.csv (admins): the catalog as a spreadsheet's CSV file, out and in. */
export function catalogFileRoutes({ staff }: { staff: Staff }) {
  const app = new Hono<WebEnv>()
  app.use(adminsOnly)

  importRoutes(app, {
    action: '/admin/products/import',
    title: 'Import products',
    list: 'products',
    intro: (
      <>
        <p>
          A CSV file as a spreadsheet saves it, one product a line under a header line, up to {maxImported}. All or
          nothing: while one line is wrong, nothing changes, and every problem is listed here.
        </p>
        <p>
          <a class="button secondary" href="/admin/products/export.csv" download>
            Download the catalog as CSV
          </a>{' '}
          to start from the products as they are.
        </p>
      </>
    ),
    columns: columnHelp,
    read: importRows,
    send: (c, products) => staff.importProducts(staffToken(c), products),
    check: (c, products) => staff.importProducts(staffToken(c), products, { dryRun: true }),
    counts: ['created', 'updated'],
    said: ({ created, updated }) =>
      `Imported: ${counted(created, 'product')} added, ${counted(updated, 'product')} changed.`,
  })

  // read whole before the first byte: a neighbour failing midway is an error page, never a file cut short
  app.get('/export.csv', async (c) => {
    const token = staffToken(c)
    const query = { includeInactive: 'true', sort: 'newest', limit: exportPage }
    const products = await exportable(
      (page) => staff.products(token, { ...query, page }),
      exportLimit,
      (total) => `The catalog has ${total} products; the export takes ${exportLimit}.`,
    )
    return c.body(catalogCsv(products), 200, csvAttachment(`catalog-${today('UTC')}.csv`))
  })
  return app
}
