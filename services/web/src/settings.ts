import * as z from 'zod'
import { serviceSettings, shopTerms, timeZone } from '@shopfront/kit'

export const webSettings = serviceSettings.extend({
  web: z.object({
    /** Where shoppers reach the shop (the gateway), for absolute links. */
    publicUrl: z.url({ protocol: /^https?$/ }),
    session: z.object({
      /** A session unused this long ends (sliding). */
      idleDays: z.number().int().min(1).max(365),
      /** Secure cookies (HTTPS only): true everywhere but plain-HTTP development. */
      secureCookie: z.boolean(),
    }),
    /**
     * The largest product form the back office takes, its pictures' files together (the
     * gateway's own limit is 10 MiB); each picture is products' to take or refuse.
     */
    maxUploadBytes: z.number().int().min(1024).default(10_485_760),
    /** The shop's own time zone (IANA): the back office's days (today's orders, the orders' days) begin at its midnight. */
    timeZone: timeZone.default('UTC'),
    /** Products per catalog page. */
    pageSize: z.number().int().min(1).max(100),
    /**
     * The gateway's token for its health view (its `metricsToken`), which the back
     * office's dashboard shows; empty where the gateway leaves it open (development).
     */
    gatewayToken: z.string().default(''),
  }),
  /** The shop's terms (application.yml's `shop`): the pages say its return window; receipts name its seller. */
  shop: shopTerms.prefault({}),
})

export type WebSettings = z.infer<typeof webSettings>
export type ShopTerms = WebSettings['shop']
