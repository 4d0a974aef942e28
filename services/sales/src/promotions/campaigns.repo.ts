import { mailOutbox, type PostgresJsDatabase, type Transaction, secondsFromNow } from '@shopfront/kit'
import { and, asc, eq, isNull, like, lt, or, sql } from 'drizzle-orm'
import { campaignRecipients, promotions } from '../db/schema.ts'

const byId = (id: string) => eq(promotions.id, id)
const whileSending = <T>(then: T, otherwise: unknown) =>
  sql`CASE WHEN ${promotions.sendStatus} = 'sending' THEN ${then} ELSE ${otherwise} END`

/**
 * A promotion's campaign as it is sent: its state on the promotion's row (page, cursor,
 * lease, counts), the users it reached, and how its e-mails fare in the outbox; the
 * campaign sender's statements about its progress (the promotion itself: promotions.repo.ts).
 */
export function createCampaignsRepo(db: PostgresJsDatabase) {
  return {
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => db.transaction(work),

    /** How a campaign's e-mails fare in the outbox: sent, still pending (retrying included), given up (dead). */
    async delivery(id: string) {
      const counted = (status: string) =>
        sql<number>`count(*) FILTER (WHERE ${mailOutbox.status} = ${status})`.mapWith(Number)
      const [row] = await db
        .select({ sent: counted('sent'), pending: counted('pending'), failed: counted('dead') })
        .from(mailOutbox)
        .where(like(mailOutbox.messageId, `<promotion:${id}:%`))
      return row ?? { sent: 0, pending: 0, failed: 0 }
    },
    /** Starts a campaign, or goes on with one already sending (its page, cursor and start kept); false when there is no such promotion. */
    async startSending(id: string): Promise<boolean> {
      const [row] = await db
        .update(promotions)
        .set({
          sendPage: whileSending(promotions.sendPage, 1),
          sendCursor: whileSending(promotions.sendCursor, null),
          sendStartedAt: whileSending(promotions.sendStartedAt, sql`now()`),
          sendLeaseUntil: whileSending(promotions.sendLeaseUntil, null),
          sendStatus: 'sending',
          sendFinishedAt: null,
          updatedAt: sql`now()`,
        })
        .where(byId(id))
        .returning({ id: promotions.id })
      return !!row
    },

    /** Takes a sending campaign nobody holds (its lease run out) for `seconds`: one sender per campaign. */
    async claimCampaign(seconds: number) {
      const free = db
        .select({ id: promotions.id })
        .from(promotions)
        .where(
          and(
            eq(promotions.sendStatus, 'sending'),
            or(isNull(promotions.sendLeaseUntil), lt(promotions.sendLeaseUntil, sql`now()`)),
          ),
        )
        .orderBy(asc(promotions.sendStartedAt))
        .limit(1)
        .for('update', { skipLocked: true })
      const [claimed] = await db
        .update(promotions)
        .set({ sendLeaseUntil: secondsFromNow(seconds) })
        .where(eq(promotions.id, sql`(${free})`))
        .returning({ id: promotions.id, page: promotions.sendPage, cursor: promotions.sendCursor })
      return claimed
    },

    /** Holds a campaign back for `seconds` (its sender could not go on). */
    async pauseCampaign(id: string, seconds: number) {
      await db
        .update(promotions)
        .set({ sendLeaseUntil: secondsFromNow(seconds) })
        .where(byId(id))
    },

    /** Whether page `page` of the campaign is the one due, with the promotion locked (inside the page's transaction). */
    async lockPage(tx: Transaction, id: string, page: number): Promise<boolean> {
      const [row] = await tx
        .select({ status: promotions.sendStatus, page: promotions.sendPage })
        .from(promotions)
        .where(byId(id))
        .for('update')
      return row?.status === 'sending' && row.page === page
    },

    /** Records that the campaign reached a user; false when it already had (a page sent again). */
    async addRecipient(tx: Transaction, promotionId: string, user: { id: string; email: string }): Promise<boolean> {
      const [fresh] = await tx
        .insert(campaignRecipients)
        .values({ promotionId, userId: user.id, email: user.email })
        .onConflictDoNothing()
        .returning({ userId: campaignRecipients.userId })
      return !!fresh
    },

    /** A page is queued: the next page and cursor, the counts, and when `next` is null the campaign is sent. */
    async pageSent(
      tx: Transaction,
      id: string,
      sent: { page: number; next: string | null; queued: number; total: number; leaseSeconds: number },
    ) {
      const last = sent.next === null
      await tx
        .update(promotions)
        .set({
          sendPage: sent.page + 1,
          sendCursor: sent.next,
          queuedCount: sql`${promotions.queuedCount} + ${sent.queued}`,
          recipientsTotal: sent.total,
          sendLeaseUntil: last ? null : secondsFromNow(sent.leaseSeconds),
          sendStatus: last ? 'sent' : 'sending',
          sendFinishedAt: last ? sql`now()` : null,
          updatedAt: sql`now()`,
        })
        .where(byId(id))
    },
  }
}

export type CampaignsRepo = ReturnType<typeof createCampaignsRepo>
