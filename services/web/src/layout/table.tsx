/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import { pageLinks } from '../forms.ts'
import { FilterForm } from './fields.tsx'
import { Pager } from './parts.tsx'

/** One column of a `Table`: its heading and what each row shows in it. */
export interface Column<T> {
  head: string
  cell: (row: T) => Child
  /** Figures: right-aligned. */
  num?: boolean
  /** Left out on a narrow screen (a phone keeps what matters). */
  wide?: boolean
  /** A class for a row's cell beyond those (e.g. `down` for a figure that is low). */
  mark?: (row: T) => string | false | undefined
}

const classOf = <T,>(col: Column<T>, row?: T) =>
  [col.num && 'num', col.wide && 'hide-narrow', row !== undefined && col.mark?.(row)].filter(Boolean).join(' ') ||
  undefined

/**
 * The shop's table of lines (orders, products, tickets): a caption for screen readers,
 * one heading a column, one row a line; on a screen too narrow for it, it scrolls sideways.
 *
 * @example
 *   <Table caption="Users" rows={users} columns={[{ head: 'E-mail', cell: (u) => u.email }]} />
 */
export function Table<T>({ caption, rows, columns }: { caption: string; rows: T[]; columns: Column<T>[] }) {
  return (
    <div class="table-scroll">
      <table class="lines">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col" class={classOf(col)}>
                {col.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((col) => (
                <td class={classOf(col, row)}>{col.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * One page of a list (as the services answer a page: `items`, `total`, `limit`) as a
 * `Table`, with the pager under it; `empty` (what to say, in a panel) in the table's place
 * when the list has nothing.
 *
 * @example
 *   <PagedTable caption="Your orders" found={orders} page={page} href={pageLinks('/orders')} columns={[…]} />
 */
export function PagedTable<T>({
  found,
  page,
  href,
  empty,
  ...table
}: {
  caption: string
  found: { items: T[]; total: number; limit: number }
  page: number
  href: (page: number) => string
  columns: Column<T>[]
  empty?: Child
}) {
  return (
    <>
      {found.items.length === 0 && empty ? <p class="panel">{empty}</p> : <Table rows={found.items} {...table} />}
      <Pager page={page} of={found} href={href} />
    </>
  )
}

/**
 * A list staff narrow down: the filters' form (a GET to `path`, its `fields`) saying how
 * many match (`count`), then a page of the list whose page links keep the filters set
 * (`params`, see `filtersOf`); `between` stands between the two (a download of the list).
 *
 * @example
 *   <FilteredTable path="/admin/users" count="12 users" params={filtersOf(query)} fields={<Field … />}
 *     caption="Users" found={found} page={page} columns={[…]} />
 */
export function FilteredTable<T>({
  path,
  fields,
  params,
  submit,
  count,
  between,
  ...table
}: {
  path: string
  fields: Child
  params: Record<string, string>
  submit?: string
  count: string
  between?: Child
  caption: string
  found: { items: T[]; total: number; limit: number }
  page: number
  columns: Column<T>[]
  empty?: Child
}) {
  return (
    <>
      <FilterForm action={path} submit={submit} found={count}>
        {fields}
      </FilterForm>
      {between}
      <PagedTable {...table} href={pageLinks(path, params)} />
    </>
  )
}
