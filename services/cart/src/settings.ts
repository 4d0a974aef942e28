import * as z from 'zod'
import { baseSettings, databaseSettings } from '@shopfront/kit'

export const cartSettings = baseSettings.extend(databaseSettings.shape).extend({
  cart: z.object({
    maxQuantityPerLine: z.number().int().min(1).max(10_000),
    maxLines: z.number().int().min(1).max(500),
  }),
})

export type CartSettings = z.infer<typeof cartSettings>
