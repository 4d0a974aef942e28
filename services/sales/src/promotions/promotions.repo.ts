import type { Sql, TransactionSql } from 'postgres'
import { AppError, formatMoney, percentOf, pageWindow, totalColumn, totalOf } from '@shopfront/kit'

export interface PromotionInput {
  code: string
  kind: 'percent' | 'amount'
  value: number
  minOrder: number
  startsAt: string | null
  endsAt: string | null
  maxRedemptions: number | null
  active: boolean
  subject: string
  body: string
}

export type Promotion = ReturnType<typeof toPromotion>

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
const toPromotion = (r: Record<string, any>) => ({
  id: r.id as string,
  code: r.code as string,
  kind: r.kind as 'percent' | 'amount',
  value: r.value as number,
  minOrder: r.min_order as number,
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  maxRedemptions: r.max_redemptions as number | null,
  redemptions: r.redemptions as number,
  active: r.active as boolean,
  subject: r.subject as string,
  body: r.body as string,
  campaign: {
    status: r.send_status as 'draft' | 'sending' | 'sent',
    recipients: r.recipients_total as number | null,
    queued: r.queued_count as number,
    startedAt: iso(r.send_started_at),
    finishedAt: iso(r.send_finished_at),
  },
  createdAt: iso(r.created_at)!,
})

const columns = (p: Partial<PromotionInput>) => {
  const set: Record<string, unknown> = {}
  if (p.code !== undefined) set.code = p.code
  if (p.kind !== undefined) set.kind = p.kind
  if (p.value !== undefined) set.value = p.value
  if (p.minOrder !== undefined) set.min_order = p.minOrder
  if (p.startsAt !== undefined) set.starts_at = p.startsAt
  if (p.endsAt !== undefined) set.ends_at = p.endsAt
  if (p.maxRedemptions !== undefined) set.max_redemptions = p.maxRedemptions
  if (p.active !== undefined) set.active = p.active
  if (p.subject !== undefined) set.subject = p.subject
  if (p.body !== undefined) set.body = p.body
  return set
}

/** The discount a promotion gives on a subtotal: never more than the subtotal. */
export function discountOf(p: Pick<Promotion, 'kind' | 'value'>, subtotal: number): number {
  return Math.min(subtotal, p.kind === 'percent' ? percentOf(subtotal, p.value) : p.value)
}

/** Promotion codes and their campaigns, in sales' own database. */
export function createPromotionsRepo(sql: Sql) {
  const duplicate = (err: unknown, code?: string) => {
    if ((err as { code?: string }).code === '23505')
      throw new AppError('conflict', `A promotion with the code ${code} already exists.`)
    if ((err as { code?: string }).code === '23514')
      throw new AppError('conflict', 'The maximum number of redemptions cannot be below the redemptions already made.')
    throw err
  }
  const repo = {
    async create(input: PromotionInput) {
      const [row] =
        await sql`INSERT INTO promotions ${sql({ id: crypto.randomUUID(), ...columns(input) })} RETURNING *`.catch(
          (err) => duplicate(err, input.code),
        )
      return toPromotion(row!)
    },
    async get(id: string) {
      const [row] = await sql`SELECT * FROM promotions WHERE id = ${id}`
      if (!row) throw new AppError('not_found', `No promotion ${id}.`)
      return toPromotion(row)
    },
    /** How a campaign's e-mails fare in the outbox: sent, still pending (retrying included), given up (dead). */
    async delivery(id: string) {
      const [row] = await sql<{ sent: number; pending: number; failed: number }[]>`
        SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'pending')::int AS pending,
          count(*) FILTER (WHERE status = 'dead')::int AS failed
        FROM mail_outbox WHERE message_id LIKE ${`<promotion:${id}:%`}`
      return row ?? { sent: 0, pending: 0, failed: 0 }
    },
    async list(page: number, limit: number) {
      const rows =
        await sql`SELECT *, ${totalColumn(sql)} FROM promotions ORDER BY created_at DESC, id ${pageWindow(sql, { page, limit })}`
      return { items: rows.map(toPromotion), total: totalOf(rows) }
    },
    async update(id: string, change: Partial<PromotionInput>) {
      const [row] =
        await sql`UPDATE promotions SET ${sql(columns(change))}, updated_at = now() WHERE id = ${id} RETURNING *`.catch(
          (err) => duplicate(err, change.code),
        )
      if (!row) throw new AppError('not_found', `No promotion ${id}.`)
      return toPromotion(row)
    },

    /** The promotion a code gives this user on this subtotal, or a 422 saying why not. */
    async quote(code: string, userId: string, subtotal: number, currency: string) {
      const [row] = await sql`SELECT * FROM promotions WHERE code = ${code}`
      const invalid = (why: string) =>
        new AppError('unprocessable', why, { errors: [{ path: 'promoCode', message: why }] })
      if (!row?.active) throw invalid(`The promotion code ${code} does not exist.`)
      const p = toPromotion(row)
      const now = Date.now()
      if (p.startsAt && Date.parse(p.startsAt) > now) throw invalid(`The promotion code ${code} is not valid yet.`)
      if (p.endsAt && Date.parse(p.endsAt) <= now) throw invalid(`The promotion code ${code} has expired.`)
      if (p.maxRedemptions !== null && p.redemptions >= p.maxRedemptions)
        throw invalid(`The promotion code ${code} has been used up.`)
      if (subtotal < p.minOrder)
        throw invalid(
          `The promotion code ${code} needs an order of at least ${formatMoney({ amount: p.minOrder, currency })}.`,
        )
      const [used] = await sql`SELECT 1 FROM promotion_redemptions WHERE promotion_id = ${p.id} AND user_id = ${userId}`
      if (used) throw invalid(`You have already used the promotion code ${code}.`)
      return { promotion: p, discount: discountOf(p, subtotal) }
    },

    /** Counts a redemption, atomically against the maximum and once per user, in the order's transaction. */
    async redeem(tx: TransactionSql, promotionId: string, code: string, userId: string, orderId: string) {
      const [taken] = await tx`
        UPDATE promotions SET redemptions = redemptions + 1, updated_at = now()
        WHERE id = ${promotionId} AND active AND (max_redemptions IS NULL OR redemptions < max_redemptions) RETURNING id`
      if (!taken)
        throw new AppError('unprocessable', `The promotion code ${code} has been used up.`, {
          errors: [{ path: 'promoCode', message: 'used up' }],
        })
      const [mine] =
        await tx`INSERT INTO promotion_redemptions (promotion_id, user_id, order_id) VALUES (${promotionId}, ${userId}, ${orderId}) ON CONFLICT DO NOTHING RETURNING order_id`
      if (!mine)
        throw new AppError('unprocessable', `You have already used the promotion code ${code}.`, {
          errors: [{ path: 'promoCode', message: 'already used' }],
        })
    },

    /** Gives a failed order's redemption back. */
    async unredeem(orderId: string) {
      await sql.begin(async (tx) => {
        const [gone] = await tx`DELETE FROM promotion_redemptions WHERE order_id = ${orderId} RETURNING promotion_id`
        if (gone)
          await tx`UPDATE promotions SET redemptions = redemptions - 1, updated_at = now() WHERE id = ${gone.promotion_id}`
      })
    },
  }
  return repo
}

export type PromotionsRepo = ReturnType<typeof createPromotionsRepo>
