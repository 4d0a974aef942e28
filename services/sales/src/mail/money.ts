/** Minor units as a customer reads them: 1999 USD -> "$19.99", 500 EUR -> "€5.00". */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100)
}
