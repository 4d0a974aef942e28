/**
 * What other services may rely on in products' answers: the stable `code` of a refused
 * reservation (sent in the problem+json beside the human `detail`). Consumers branch on
 * these codes, never on the text.
 *
 * @example
 *   if (err.extras.code === reservationCodes.noLongerSold) ...
 */
export const reservationCodes = {
  /** A line's product was deactivated: it cannot be bought at all. */
  noLongerSold: 'no_longer_sold',
  /** Not enough available for a line (`requested`, `available` say how many). */
  outOfStock: 'out_of_stock',
  /** A line names no product. */
  noSuchProduct: 'no_such_product',
} as const

export type ReservationCode = (typeof reservationCodes)[keyof typeof reservationCodes]
