/**
 * The value a test goes on with, or a failure that names what was missing: where `!` would
 * let the test run on into a TypeError far from the cause.
 *
 * @example
 *   const [row] = await sql`select status from orders where id = ${id}`
 *   expect(present(row, 'the order').status).toBe('paid')
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`The test expected ${what}, and there was none.`)
  return value
}
