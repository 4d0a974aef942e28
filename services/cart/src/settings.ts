import * as z from 'zod'
import { serviceSettings } from '@shopfront/kit'

export const cartSettings = serviceSettings.extend({
  cart: z.object({
    maxQuantityPerLine: z.number().int().min(1).max(10_000),
    maxLines: z.number().int().min(1).max(500),
    /** A guest cart nobody changed for this many days is deleted (its shopper's session has long ended). */
    guestCartDays: z.number().int().min(1).max(3650),
  }),
})

export type CartSettings = z.infer<typeof cartSettings>
