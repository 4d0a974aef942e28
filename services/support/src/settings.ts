import * as z from 'zod'
import { mailingServiceSettings } from '@shopfront/kit'

const priority = z.enum(['low', 'normal', 'high', 'urgent'])

export const supportSettings = mailingServiceSettings.extend({
  support: z.object({
    /** Moved to the shop's terms, which the pages and e-mails state too: an old settings file says so at start. */
    returnWindowDays: z.never('moved: the return window is shop.returnWindowDays (application.yml)').optional(),
    /** How soon an agent must first answer, by priority. */
    firstResponseHours: z.record(
      priority,
      z
        .number()
        .positive()
        .max(24 * 30),
    ),
    /** A resolved ticket nobody writes on for this many days is closed (as help desks do). */
    closeResolvedAfterDays: z.number().int().min(1).max(365).default(7),
    /** The priority a new ticket gets, by type (agents may change it). */
    defaultPriority: z.object({ inquiry: priority, return: priority, complaint: priority, feedback: priority }),
  }),
})

export type SupportSettings = z.infer<typeof supportSettings>
export type Priority = z.infer<typeof priority>
