import { AppError } from '@shopfront/kit'

/**
 * Every item of a paged list, from its first page: the others read in turn, whole before the
 * caller answers (a service failing midway is an error, never a list cut short), each item
 * once by its id (`key`: one added meanwhile shifts the pages under the reading), up to `most`.
 *
 * @example
 *   const orders = await allPages(first, (page) => staff.orders(token, { ...filters, page, limit }))
 */
export async function allPages<T extends { id: string }>(
  first: { items: T[]; total: number },
  read: (page: number) => Promise<{ items: T[] }>,
  most?: number,
): Promise<T[]>
export async function allPages<T>(
  first: { items: T[]; total: number },
  read: (page: number) => Promise<{ items: T[] }>,
  most: number,
  key: (item: T) => string,
): Promise<T[]>
export async function allPages<T>(
  first: { items: T[]; total: number },
  read: (page: number) => Promise<{ items: T[] }>,
  most = Number.POSITIVE_INFINITY,
  key = (item: T) => (item as { id: string }).id,
) {
  const byKey = new Map(first.items.map((item) => [key(item), item]))
  // the first page is full when there are more: its length is the page size
  const pages = first.items.length === 0 ? 1 : Math.ceil(Math.min(first.total, most) / first.items.length)
  for (let page = 2; page <= pages; page++) for (const item of (await read(page)).items) byKey.set(key(item), item)
  return [...byKey.values()]
}

/**
 * Every item of a list for a file to download (`allPages` from its first page): a list of
 * more than `most` is refused (422, `tooMany` saying what to do) before any more is read.
 */
export async function exportable<T extends { id: string }>(
  read: (page: number) => Promise<{ items: T[]; total: number }>,
  most: number,
  tooMany: (total: number) => string,
) {
  const first = await read(1)
  if (first.total > most) throw new AppError('unprocessable', tooMany(first.total))
  return allPages(first, read, most)
}
