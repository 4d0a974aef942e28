import { nextDay, startOfDay, timeZone } from '@shopfront/kit'
import { and, eq, gte, ilike, lt, notInArray, or, type SQL } from 'drizzle-orm'
import * as z from 'zod'
import { notPlaced } from '../contract.ts'
import { orders, type OrderStatus } from '../db/schema.ts'

/**
 * What a list of orders may be narrowed to: whose, which status (or `placed`: every order that
 * went through, neither failed nor still being placed, as the day's figures count them), a
 * customer's e-mail (part of it), placed between two days (both included), days as `tz` (a
 * time zone, the shop's; UTC by default) counts them.
 */
export interface OrderFilter {
  userId?: string | undefined
  status?: OrderStatus | undefined
  placed?: boolean | undefined
  email?: string | undefined
  from?: string | undefined
  to?: string | undefined
  tz?: string | undefined
}

const day = z.iso.date('a day as YYYY-MM-DD')
/** A query's period: placed between two days, both included, beginning at midnight in `tz` (the shop's time zone; UTC by default). */
export const period = { from: day.optional(), to: day.optional(), tz: timeZone.optional() }

/** The filter as a WHERE condition on `orders` (undefined: every order). */
export const whereOf = ({ userId, status, placed, email, from, to, tz = 'UTC' }: OrderFilter): SQL | undefined =>
  and(
    userId ? eq(orders.userId, userId) : undefined,
    status ? eq(orders.status, status) : undefined,
    placed ? notInArray(orders.status, [...notPlaced]) : undefined,
    email ? ilike(orders.email, `%${email.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`) : undefined,
    from ? gte(orders.createdAt, startOfDay(from, tz)) : undefined,
    to ? lt(orders.createdAt, startOfDay(nextDay(to), tz)) : undefined,
  )

/** Orders that still need work: a checkout under way, an undo to retry, a cart to empty (see orders_unfinished_idx). */
export const unfinished = or(
  eq(orders.status, 'pending'),
  eq(orders.compensationPending, true),
  and(eq(orders.status, 'paid'), eq(orders.cartEmptied, false)),
)
