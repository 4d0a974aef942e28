import * as z from 'zod'

// What the back office reads of the services' answers (validated like the shop's): the
// services' own contracts where they export one
export {
  mailPreview as preview,
  type Order as StaffOrder,
  order,
  orderPage,
  orderStats,
  type OrderStats,
  type Promotion,
  promotion,
  promotionPage,
  type SalesReport,
  salesReport,
  type StaffReview,
  staffReview,
  staffReviewPage,
} from '@shopfront/sales/contract'

export {
  type AlertDemand,
  alertDemand,
  type ImportResult,
  importResult,
  type LiveReservation as Reservation,
  liveReservation as reservation,
  liveReservations as reservations,
  type StockMovement as Movement,
  stockMovement as movement,
  stockMovementPage as movementPage,
  type WaitingShoppers,
  waitingShoppers,
} from '@shopfront/products/contract'

export {
  type CustomerImportResult,
  customerImportResult,
  type User,
  user,
  userPage,
} from '@shopfront/users/contract'

export const servicesHealth = z.object({
  status: z.enum(['up', 'degraded']),
  services: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['up', 'down']),
      passing: z.number().int(),
      instances: z.array(z.object({ id: z.string(), address: z.string(), status: z.string() })),
    }),
  ),
})
export type ServicesHealth = z.infer<typeof servicesHealth>

export const readiness = z.object({
  mailOutbox: z.object({ pending: z.number().int(), dead: z.number().int() }).optional(),
})
