import * as z from 'zod'

/** The product an alert is for, or asked about (/api/stock-alerts/:productId, /api/stock-alerts/demand/:productId). */
export const productParam = z.object({ productId: z.uuid('a product id') })
/** How many of the products most waited for (GET /api/stock-alerts/demand). */
export const demandQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict()
