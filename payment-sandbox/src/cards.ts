/** What a sandbox card does when it is charged (the test cards of API.md). */
export type CardBehaviour =
  | { kind: 'approve' }
  | { kind: 'decline'; code: 'card_declined' | 'insufficient_funds'; message: string }
  | { kind: 'fail' }
  | { kind: 'slow' }

const special: Record<string, CardBehaviour> = {
  '4000000000000002': { kind: 'decline', code: 'card_declined', message: 'Your card was declined.' },
  '4000000000009995': { kind: 'decline', code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000000000000119': { kind: 'fail' },
  '4000000000006975': { kind: 'slow' },
}

/** The Luhn checksum every real card number passes. */
export function luhnValid(number: string): boolean {
  let sum = 0
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return number.length >= 12 && sum % 10 === 0
}

/** Any other valid number approves, as 4242 4242 4242 4242 does. */
export function behaviourOf(number: string): CardBehaviour {
  return special[number] ?? { kind: 'approve' }
}

export function brandOf(number: string): string {
  if (number.startsWith('4')) return 'visa'
  if (/^5[1-5]/.test(number)) return 'mastercard'
  if (/^3[47]/.test(number)) return 'amex'
  return 'unknown'
}
