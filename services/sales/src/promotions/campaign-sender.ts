import type { Sql } from 'postgres'
import { AppError, enqueueMail, repeatInBackground, type Logger } from '@shopfront/kit'
import { promotionMail } from '../mail/promotion-mail.ts'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { SalesSettings } from '../settings.ts'
import type { PromotionsRepo } from './promotions.repo.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const leaseSeconds = 60

/**
 * Sends campaigns in the background: the opted-in users are fetched from users page by
 * page, by keyset (after the last id sent to), so an opt-out meanwhile skips nobody; each page's e-mails are queued in the outbox in one transaction with the page's
 * progress and the recipients it reached, so a restart goes on where it stopped and
 * nobody is mailed twice, even when a campaign is sent again. A pause between pages
 * throttles it; the outbox then sends at its own pace.
 */
export function createCampaignSender({
  sql,
  promotions,
  neighbours,
  settings,
  logger,
}: {
  sql: Sql
  promotions: PromotionsRepo
  neighbours: Neighbours
  settings: () => SalesSettings
  logger: Logger
}) {
  /** Queues one page (the users after `after`); the next page's cursor, or null when it was the last. */
  async function sendPage(id: string, page: number, after: string | null): Promise<string | null> {
    const { pageSize } = settings().campaigns
    const { items, total, next } = await neighbours.optedIn(after, pageSize)
    const last = next === null
    await sql.begin(async (tx) => {
      const [row] = await tx`SELECT * FROM promotions WHERE id = ${id} FOR UPDATE`
      if (row?.send_status !== 'sending' || row.send_page !== page) return
      const promotion = await promotions.get(id)
      let queued = 0
      for (const user of items) {
        const [fresh] =
          await tx`INSERT INTO campaign_recipients (promotion_id, user_id, email) VALUES (${id}, ${user.id}, ${user.email}) ON CONFLICT DO NOTHING RETURNING user_id`
        if (!fresh) continue
        await enqueueMail(
          tx,
          promotionMail(promotion, user, settings().shop.publicUrl, settings().checkout.currency),
          settings().shop.mailDomain,
        )
        queued++
      }
      await tx`
        UPDATE promotions SET send_page = ${page + 1}, send_cursor = ${next}, queued_count = queued_count + ${queued}, recipients_total = ${total},
          send_lease_until = CASE WHEN ${last} THEN NULL ELSE now() + ${leaseSeconds} * interval '1 second' END,
          send_status = ${last ? 'sent' : 'sending'}, send_finished_at = CASE WHEN ${last} THEN now() END, updated_at = now()
        WHERE id = ${id}`
    })
    return next
  }

  async function runOnce() {
    for (;;) {
      const [claimed] = await sql`
        UPDATE promotions SET send_lease_until = now() + ${leaseSeconds} * interval '1 second'
        WHERE id = (SELECT id FROM promotions WHERE send_status = 'sending' AND (send_lease_until IS NULL OR send_lease_until < now())
                    ORDER BY send_started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, send_page, send_cursor`
      if (!claimed) return
      try {
        for (let page = claimed.send_page as number, after = claimed.send_cursor as string | null; ; page++) {
          after = await sendPage(claimed.id, page, after)
          if (after === null) break
          await sleep(settings().campaigns.pauseMs)
        }
        logger.info('campaign sent', { promotionId: claimed.id })
      } catch (err) {
        // users unreachable: try again a little later, from the page it stopped at
        await sql`UPDATE promotions SET send_lease_until = now() + interval '5 seconds' WHERE id = ${claimed.id}`
        logger.warn('campaign paused; will resume', { promotionId: claimed.id, error: (err as Error).message })
        return
      }
    }
  }

  const loop = repeatInBackground({
    name: 'campaign sending',
    run: runOnce,
    intervalMs: () => settings().campaigns.pollMs,
    logger,
  })

  return {
    runOnce,
    /** Starts (or restarts) a campaign: everyone opted in now who has not had it yet will get it. */
    async send(id: string) {
      if (!(await promotions.get(id)).active)
        throw new AppError('conflict', 'This promotion is not active; activate it before sending it.')
      const [row] = await sql`
        UPDATE promotions SET
          send_page = CASE WHEN send_status = 'sending' THEN send_page ELSE 1 END,
          send_cursor = CASE WHEN send_status = 'sending' THEN send_cursor END,
          send_started_at = CASE WHEN send_status = 'sending' THEN send_started_at ELSE now() END,
          send_lease_until = CASE WHEN send_status = 'sending' THEN send_lease_until END,
          send_status = 'sending', send_finished_at = null, updated_at = now()
        WHERE id = ${id} RETURNING id`
      if (!row) throw new AppError('not_found', `No promotion ${id}.`)
      loop.nudge()
      return promotions.get(id)
    },
    start: loop.start,
    stop: loop.stop,
  }
}

export type CampaignSender = ReturnType<typeof createCampaignSender>
