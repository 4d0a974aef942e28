import {
  AppError,
  formatMoney,
  percentOf,
  type PostgresJsDatabase,
  readPage,
  sqlStateOf,
  type Transaction,
  withTotal,
} from '@shopfront/kit'
import { and, asc, desc, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm'
import { promotionRedemptions, promotions } from '../db/schema.ts'
import type { PromotionKind } from '../contract.ts'

export interface PromotionInput {
  code: string
  kind: PromotionKind
  /** The percentage or the amount off; 0 for free delivery. */
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

const iso = (d: Date | null) => d?.toISOString() ?? null
const toPromotion = (r: typeof promotions.$inferSelect) => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  value: r.value,
  minOrder: r.minOrder,
  startsAt: iso(r.startsAt),
  endsAt: iso(r.endsAt),
  maxRedemptions: r.maxRedemptions,
  redemptions: r.redemptions,
  active: r.active,
  subject: r.subject,
  body: r.body,
  campaign: {
    status: r.sendStatus,
    recipients: r.recipientsTotal,
    queued: r.queuedCount,
    startedAt: iso(r.sendStartedAt),
    finishedAt: iso(r.sendFinishedAt),
  },
  createdAt: r.createdAt.toISOString(),
})

/** The columns a promotion's input sets (dates from ISO text; a key left undefined stays as it is). */
const columns = <P extends Partial<PromotionInput>>({ startsAt, endsAt, ...rest }: P) => ({
  ...rest,
  startsAt: toDate(startsAt),
  endsAt: toDate(endsAt),
})
const toDate = (iso: string | null | undefined) => (iso === undefined ? undefined : iso === null ? null : new Date(iso))

/** The discount a promotion gives on a subtotal: never more than the subtotal (none for free delivery, which pricing gives). */
export function discountOf(p: Pick<Promotion, 'kind' | 'value'>, subtotal: number): number {
  if (p.kind === 'shipping') return 0
  return Math.min(subtotal, p.kind === 'percent' ? percentOf(subtotal, p.value) : p.value)
}

const byId = (id: string) => eq(promotions.id, id)

/** Promotion codes and their redemptions, in sales' own database (their campaigns' sending: campaigns.repo.ts). */
export function createPromotionsRepo(db: PostgresJsDatabase) {
  const duplicate = (err: unknown, code?: string): never => {
    if (sqlStateOf(err) === '23505') throw new AppError('conflict', `A promotion with the code ${code} already exists.`)
    if (sqlStateOf(err) === '23514')
      throw new AppError('conflict', 'The maximum number of redemptions cannot be below the redemptions already made.')
    throw err
  }
  const repo = {
    async create(input: PromotionInput) {
      const [row] = await db
        .insert(promotions)
        .values({ id: crypto.randomUUID(), ...columns(input) })
        .returning()
        .catch((err) => duplicate(err, input.code))
      if (!row) throw new AppError('conflict', `The promotion ${input.code} was not made.`)
      return toPromotion(row)
    },
    async get(id: string) {
      const [row] = await db.select().from(promotions).where(byId(id))
      if (!row) throw new AppError('not_found', `No promotion ${id}.`)
      return toPromotion(row)
    },
    async list(page: number, limit: number) {
      const query = db
        .select({ ...getTableColumns(promotions), ...withTotal })
        .from(promotions)
        .orderBy(desc(promotions.createdAt), asc(promotions.id))
      return readPage(query, { page, limit }, toPromotion)
    },
    async update(id: string, change: Partial<PromotionInput>) {
      const [row] = await db
        .update(promotions)
        .set({ ...columns(change), updatedAt: sql`now()` })
        .where(byId(id))
        .returning()
        .catch((err) => duplicate(err, change.code))
      if (!row) throw new AppError('not_found', `No promotion ${id}.`)
      return toPromotion(row)
    },

    /** The promotion a code gives this user on this subtotal, or a 422 saying why not. */
    async quote(code: string, userId: string, subtotal: number, currency: string) {
      const [row] = await db.select().from(promotions).where(eq(promotions.code, code))
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
      const [used] = await db
        .select({ orderId: promotionRedemptions.orderId })
        .from(promotionRedemptions)
        .where(and(eq(promotionRedemptions.promotionId, p.id), eq(promotionRedemptions.userId, userId)))
      if (used) throw invalid(`You have already used the promotion code ${code}.`)
      return { promotion: p, discount: discountOf(p, subtotal) }
    },

    /** Counts a redemption, atomically against the maximum and once per user, in the order's transaction. */
    async redeem(tx: Transaction, promotionId: string, code: string, userId: string, orderId: string) {
      const [taken] = await tx
        .update(promotions)
        .set({ redemptions: sql`${promotions.redemptions} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            byId(promotionId),
            eq(promotions.active, true),
            or(isNull(promotions.maxRedemptions), lt(promotions.redemptions, promotions.maxRedemptions)),
          ),
        )
        .returning({ id: promotions.id })
      if (!taken)
        throw new AppError('unprocessable', `The promotion code ${code} has been used up.`, {
          errors: [{ path: 'promoCode', message: 'used up' }],
        })
      const [mine] = await tx
        .insert(promotionRedemptions)
        .values({ promotionId, userId, orderId })
        .onConflictDoNothing()
        .returning({ orderId: promotionRedemptions.orderId })
      if (!mine)
        throw new AppError('unprocessable', `You have already used the promotion code ${code}.`, {
          errors: [{ path: 'promoCode', message: 'already used' }],
        })
    },

    /** Gives a failed order's redemption back. */
    async unredeem(orderId: string) {
      await db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(promotionRedemptions)
          .where(eq(promotionRedemptions.orderId, orderId))
          .returning({ promotionId: promotionRedemptions.promotionId })
        if (gone)
          await tx
            .update(promotions)
            .set({ redemptions: sql`${promotions.redemptions} - 1`, updatedAt: sql`now()` })
            .where(byId(gone.promotionId))
      })
    },
  }
  return repo
}

export type PromotionsRepo = ReturnType<typeof createPromotionsRepo>
