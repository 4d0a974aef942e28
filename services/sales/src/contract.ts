import * as z from 'zod'

/**
 * What sales answers for its promotions and figures: its OpenAPI document states these,
 * and its clients (the web app's back office) read the answers with them, so neither can
 * drift from the other.
 */
export const promotion = z.object({
  id: z.uuid(),
  code: z.string(),
  kind: z.enum(['percent', 'amount']),
  value: z.number().int(),
  minOrder: z.number().int(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  active: z.boolean(),
  subject: z.string(),
  body: z.string(),
  createdAt: z.string(),
  campaign: z.object({
    status: z.enum(['draft', 'sending', 'sent']),
    recipients: z.number().int().nullable(),
    queued: z.number().int(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    /** On one promotion's answer: its e-mails in the outbox so far. */
    delivery: z.object({ sent: z.number().int(), pending: z.number().int(), failed: z.number().int() }).optional(),
  }),
})
export type Promotion = z.infer<typeof promotion>
export const promotionPage = z.object({
  items: z.array(promotion),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
})

/** A period's orders: per status, how many were placed, and what those still paid for took in. */
export const orderStats = z.object({
  orders: z.number().int(),
  revenue: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
})

/** An e-mail as it would be sent (a campaign's preview). */
export const mailPreview = z.object({ subject: z.string(), text: z.string(), html: z.string() })
