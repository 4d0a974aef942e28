import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface Payment {
  id: string
  status: 'processing' | 'authorized' | 'captured' | 'voided' | 'refunded' | 'partially_refunded'
  amount: number
  currency: string
  reference: string | null
  card: { brand: string; last4: string; expMonth: number; expYear: number }
  refundedAmount: number
  createdAt: string
  updatedAt: string
}

/** A stored answer to a request with an Idempotency-Key: replayed for a repeat. */
export interface StoredAnswer {
  fingerprint: string
  status: number
  body: unknown
}

/**
 * The sandbox's payments and idempotency answers, in memory and, with a file, appended
 * as JSON lines on every change and read back at start: a restarted sandbox still knows
 * every payment (a real provider does not forget them either).
 */
export function createPaymentStore(file?: string) {
  const payments = new Map<string, Payment>()
  const answers = new Map<string, StoredAnswer>()
  if (file && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      try {
        const entry = JSON.parse(line)
        if (entry.payment) payments.set(entry.payment.id, entry.payment)
        if (entry.answer) answers.set(entry.key, entry.answer)
      } catch {
        // a line cut short by a crash is the last one: everything before it is intact
      }
    }
  }
  if (file) mkdirSync(dirname(file), { recursive: true })
  const append = (entry: object) => file && appendFileSync(file, `${JSON.stringify(entry)}\n`)

  return {
    get: (id: string) => payments.get(id),
    byReference: (reference: string) => [...payments.values()].filter((p) => p.reference === reference),
    save(payment: Payment) {
      payments.set(payment.id, payment)
      append({ payment })
      return payment
    },
    answer: (key: string) => answers.get(key),
    remember(key: string, answer: StoredAnswer) {
      answers.set(key, answer)
      append({ key, answer })
    },
  }
}

export type PaymentStore = ReturnType<typeof createPaymentStore>
