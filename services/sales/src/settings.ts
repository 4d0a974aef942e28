import * as z from 'zod'
import { mailingServiceSettings } from '@shopfront/kit'

export const salesSettings = mailingServiceSettings.extend({
  /** The payment provider (the sandbox in development): its URL, secret key and how long a call may take. */
  payments: z.object({
    url: z.url(),
    apiKey: z.string().min(8),
    timeoutMs: z.number().int().min(100).max(60_000),
  }),
  checkout: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** How long stock stays reserved for an order whose checkout has not finished. */
    reservationTtlSeconds: z.number().int().min(10).max(86_400),
    /** A checkout untouched this long is taken over by recovery (resumed or compensated). */
    leaseSeconds: z.number().int().min(1).max(3600),
    recoveryIntervalMs: z.number().int().min(100),
    /** The largest order total (minor units) checkout takes; a larger one is a 422 before anything is done. */
    maxOrderTotal: z.number().int().min(1).max(2_000_000_000),
    /** How long a repeat of a checkout still in progress waits for its outcome. */
    repeatWaitMs: z.number().int().min(0).max(120_000),
    /**
     * What delivery costs, in minor units: a flat `fee` an order, none once the goods come to
     * `freeFrom` (after the promotion's discount) or more. Left out: delivery is free.
     */
    shipping: z
      .object({
        fee: z.number().int().min(0).max(1_000_000),
        freeFrom: z.number().int().min(0).max(2_000_000_000).nullable().default(null),
      })
      .default({ fee: 0, freeFrom: null }),
  }),
  campaigns: z.object({
    /** Opted-in users fetched (and e-mails queued) per page. */
    pageSize: z.number().int().min(1).max(500),
    /** Pause between pages: the throttle. */
    pauseMs: z.number().int().min(0),
    pollMs: z.number().int().min(50),
  }),
})

export type SalesSettings = z.infer<typeof salesSettings>
