import * as z from 'zod'
import {
  changesOf,
  type MailShop,
  pageQuery,
  parse,
  readJson,
  readQuery,
  serviceRoutes,
  type TokenVerifier,
} from '@shopfront/kit'
import type { PromotionsRepo } from './promotions.repo.ts'
import { promoCode, promotionKinds } from '../contract.ts'
import type { CampaignSender } from './campaign-sender.ts'
import { promotionMail } from '../mail/promotion-mail.ts'

const fields = {
  code: promoCode,
  kind: z.enum(promotionKinds),
  /** The percentage (1-100) or the amount off (minor units); none (or 0) for free delivery. */
  value: z.number().int().min(0).max(100_000_000).meta({ example: 15 }),
  minOrder: z.number().int().min(0).max(100_000_000),
  startsAt: z.iso.datetime({ offset: true }).meta({ example: '2026-12-01T00:00:00Z' }).nullable(),
  endsAt: z.iso.datetime({ offset: true }).meta({ example: '2026-12-31T23:59:59Z' }).nullable(),
  maxRedemptions: z.number().int().min(1).max(100_000_000, 'at most 100,000,000').nullable(),
  active: z.boolean(),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
}
const rules = <T extends { kind?: string; value?: number; startsAt?: string | null; endsAt?: string | null }>(
  p: T,
  ctx: z.RefinementCtx,
) => {
  if (p.kind === 'percent' && p.value !== undefined && p.value > 100)
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a percentage is at most 100' })
  if (p.kind === 'shipping' && (p.value ?? 0) !== 0)
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'free delivery takes no value' })
  if (p.startsAt && p.endsAt && Date.parse(p.endsAt) <= Date.parse(p.startsAt))
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' })
}
/** The rules, and a whole promotion's: a percentage or an amount off needs how much (a PATCH's own fields may leave it to what is stored). */
const whole = <T extends { kind?: string; value?: number; startsAt?: string | null; endsAt?: string | null }>(
  p: T,
  ctx: z.RefinementCtx,
) => {
  rules(p, ctx)
  if (p.kind !== 'shipping' && (p.value ?? 0) < 1)
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: 'how much off: at least 1 (a percentage, or minor units)',
    })
}
/** POST /api/promotions: a promotion and its campaign e-mail (the defaults: no minimum, no dates, no cap, active; no value for free delivery). */
export const createPromotionBody = z
  .object({
    ...fields,
    value: fields.value.optional(),
    minOrder: fields.minOrder.default(0),
    startsAt: fields.startsAt.default(null),
    endsAt: fields.endsAt.default(null),
    maxRedemptions: fields.maxRedemptions.default(null),
    active: fields.active.default(true),
  })
  .strict()
  .superRefine(whole)
  .meta({
    example: { code: 'SPRING15', kind: 'percent', value: 15, subject: 'Spring sale', body: '15% off everything.' },
  })
/** PATCH /api/promotions/:id: what changes (no defaults: a PATCH changes only what it sends). */
export const patchPromotionBody = changesOf(fields).superRefine(rules)
const idParam = z.object({ id: z.uuid('a promotion id') })
/** GET /api/promotions: a page of them. */
export const promotionsQuery = pageQuery()

/** /api/promotions: admins' campaigns, each a code with a discount and an e-mail to send to every opted-in user. */
export function promotionRoutes({
  promotions,
  sender,
  verifier,
  shop,
  currency,
}: {
  promotions: PromotionsRepo
  sender: CampaignSender
  verifier: TokenVerifier
  /** Where the e-mail's links lead and who sends it, and the shop's currency (for the preview). */
  shop: () => MailShop
  currency: () => string
}) {
  const { app, only } = serviceRoutes(verifier)
  app.use(only('admin'))
  app.get('/', async (c) => {
    const { page, limit } = readQuery(c, promotionsQuery)
    return c.json({ ...(await promotions.list(page, limit)), page, limit })
  })
  app.post('/', async (c) => {
    const { value = 0, ...input } = await readJson(c, createPromotionBody)
    return c.json(await promotions.create({ ...input, value }), 201)
  })
  // one promotion with its campaign's delivery so far (the back office watches it)
  app.get('/:id', async (c) => {
    const { id } = parse(idParam, c.req.param(), 'path')
    const [promotion, delivery] = await Promise.all([promotions.get(id), sender.delivery(id)])
    return c.json({ ...promotion, campaign: { ...promotion.campaign, delivery } })
  })
  app.patch('/:id', async (c) => {
    const { id } = parse(idParam, c.req.param(), 'path')
    const asked = await readJson(c, patchPromotionBody)
    // made free delivery: its value goes (whatever off it gave before)
    const change = asked.kind === 'shipping' && asked.value === undefined ? { ...asked, value: 0 } : asked
    // the rules are checked against what is stored for the fields the PATCH leaves alone
    const current = await promotions.get(id)
    parse(
      z.object({}).passthrough().superRefine(whole),
      { kind: current.kind, value: current.value, startsAt: current.startsAt, endsAt: current.endsAt, ...change },
      'promotion',
    )
    return c.json(await promotions.update(id, change))
  })
  // the campaign's e-mail as a recipient gets it (a sample one), before it is sent
  app.get('/:id/preview', async (c) => {
    const promotion = await promotions.get(parse(idParam, c.req.param(), 'path').id)
    const sample = { id: 'preview', email: 'ann@example.com', name: 'Ann Example', unsubscribeToken: 'preview' }
    const { subject, text, html } = promotionMail(promotion, sample, shop(), currency())
    return c.json({ subject, text, html })
  })
  app.post('/:id/send', async (c) => c.json(await sender.send(parse(idParam, c.req.param(), 'path').id), 202))
  return app
}
