const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
}

/**
 * A payment card as people name it, for the pages and the e-mails alike: "Visa ending in 4242"
 * (a brand the payment provider names that is not known here: "card ending in 4242").
 */
export const cardText = (card: { brand: string; last4: string }) =>
  `${brandNames[card.brand] ?? 'card'} ending in ${card.last4}`
