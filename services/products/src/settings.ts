import * as z from 'zod'
import { mailingServiceSettings } from '@shopfront/kit'

export const productsSettings = mailingServiceSettings.extend({
  catalog: z.object({
    /** Load the demo catalog (once) when the service starts. */
    demo: z.boolean(),
    pictures: z.object({
      /** The largest picture file taken, in bytes (the upload route's body limit). */
      maxUploadBytes: z.number().int().min(1024),
      /** Pictures larger than this many megapixels are refused before they are decoded. */
      maxMegapixels: z.number().min(1).max(200),
      /** A picture no product names is deleted this many days after its upload. */
      keepUnusedDays: z.number().int().min(1),
      sweepIntervalMs: z.number().int().min(1000),
    }),
  }),
  stock: z.object({
    /** How long a reservation holds stock before the sweeper gives it back. */
    reservationTtlSeconds: z.number().int().min(10).max(86_400),
    sweepIntervalMs: z.number().int().min(100),
    /** How often shoppers waiting for a product sold out are looked for, to be e-mailed that it is back. */
    alertIntervalMs: z.number().int().min(1000).default(60_000),
  }),
})

export type ProductsSettings = z.infer<typeof productsSettings>
