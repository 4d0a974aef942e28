import * as z from 'zod'
import { serviceSettings } from '@shopfront/kit'

export const productsSettings = serviceSettings.extend({
  catalog: z.object({
    /** Load the demo catalog (once) when the service starts. */
    demo: z.boolean(),
  }),
  stock: z.object({
    /** How long a reservation holds stock before the sweeper gives it back. */
    reservationTtlSeconds: z.number().int().min(10).max(86_400),
    sweepIntervalMs: z.number().int().min(100),
  }),
})

export type ProductsSettings = z.infer<typeof productsSettings>
