import { AppError, enqueueMail, repeatInBackground, type Logger } from '@shopfront/kit'
import { promotionMail } from '../mail/promotion-mail.ts'
import type { Neighbours } from '../neighbours/neighbours.ts'
import type { SalesSettings } from '../settings.ts'
import type { CampaignsRepo } from './campaigns.repo.ts'
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
  promotions,
  campaigns,
  neighbours,
  settings,
  logger,
}: {
  promotions: PromotionsRepo
  campaigns: CampaignsRepo
  neighbours: Neighbours
  settings: () => SalesSettings
  logger: Logger
}) {
  /** Queues one page (the users after `after`); the next page's cursor, or null when it was the last. */
  async function sendPage(id: string, page: number, after: string | null): Promise<string | null> {
    const { pageSize } = settings().campaigns
    const { items, total, next } = await neighbours.optedIn(after, pageSize)
    await campaigns.transaction(async (tx) => {
      if (!(await campaigns.lockPage(tx, id, page))) return
      const promotion = await promotions.get(id)
      let queued = 0
      for (const user of items) {
        if (!(await campaigns.addRecipient(tx, id, user))) continue
        await enqueueMail(
          tx,
          promotionMail(promotion, user, settings().shop, settings().checkout.currency),
          settings().shop.mailDomain,
        )
        queued++
      }
      await campaigns.pageSent(tx, id, { page, next, queued, total, leaseSeconds })
    })
    return next
  }

  async function runOnce() {
    for (;;) {
      const claimed = await campaigns.claimCampaign(leaseSeconds)
      if (!claimed) return
      try {
        for (let page = claimed.page, after = claimed.cursor; ; page++) {
          after = await sendPage(claimed.id, page, after)
          if (after === null) break
          await sleep(settings().campaigns.pauseMs)
        }
        logger.info('campaign sent', { promotionId: claimed.id })
      } catch (err) {
        // users unreachable: try again a little later, from the page it stopped at
        await campaigns.pauseCampaign(claimed.id, 5)
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
      if (!(await campaigns.startSending(id))) throw new AppError('not_found', `No promotion ${id}.`)
      loop.nudge()
      return promotions.get(id)
    },
    /** How the campaign's e-mails fare in the outbox so far. */
    delivery: campaigns.delivery,
    start: loop.start,
    stop: loop.stop,
  }
}

export type CampaignSender = ReturnType<typeof createCampaignSender>
