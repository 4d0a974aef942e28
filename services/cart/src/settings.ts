import * as z from 'zod'
import { serviceSettings } from '@shopfront/kit'

export const cartSettings = serviceSettings.extend({
  cart: z.object({
    maxQuantityPerLine: z.number().int().min(1).max(10_000),
    maxLines: z.number().int().min(1).max(500),
  }),
})

export type CartSettings = z.infer<typeof cartSettings>
