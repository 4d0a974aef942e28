import { randomInt } from 'node:crypto'
import type { Transaction } from '@shopfront/kit'
import { eq, sql } from 'drizzle-orm'
import type { passwordResetCodes, verificationCodes } from '../db/schema.ts'
import { hashToken } from './tokens.ts'

/** One of the tables of six-digit codes sent by e-mail: one live code per user, stored hashed. */
export type CodeTable = typeof verificationCodes | typeof passwordResetCodes

/** A new code for the user (replacing any earlier one, its tries reset); `serial` numbers the codes sent. */
export async function storeCode(tx: Transaction, table: CodeTable, userId: string, ttlMinutes: number) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const fresh = { codeHash: hashToken(code), expiresAt: sql`now() + ${ttlMinutes} * interval '1 minute'` }
  const [row] = await tx
    .insert(table)
    .values({ userId, ...fresh })
    .onConflictDoUpdate({
      target: table.userId,
      set: { ...fresh, attempts: 0, sentAt: sql`now()`, serial: sql`${table.serial} + 1` },
    })
    .returning({ serial: table.serial })
  return { code, serial: row?.serial ?? 1 }
}

/** Seconds before another code may be sent to the user, or 0. */
export async function secondsBeforeResend(
  tx: Transaction,
  table: CodeTable,
  userId: string,
  resendAfterSeconds: number,
) {
  const [last] = await tx.select({ sentAt: table.sentAt }).from(table).where(eq(table.userId, userId))
  const wait = last ? resendAfterSeconds - (Date.now() - last.sentAt.getTime()) / 1000 : 0
  return Math.max(0, Math.ceil(wait))
}

/**
 * Whether `code` is the user's live code: right and in time uses it up; wrong counts a try
 * (run inside a transaction that commits either way); expired or tried `maxAttempts`
 * times is wrong whatever is sent.
 */
export async function useCode(tx: Transaction, table: CodeTable, userId: string, code: string, maxAttempts: number) {
  const [row] = await tx.select().from(table).where(eq(table.userId, userId)).for('update')
  if (!row || row.expiresAt < new Date() || row.attempts >= maxAttempts) return false
  if (hashToken(code) !== row.codeHash) {
    await tx
      .update(table)
      .set({ attempts: sql`${table.attempts} + 1` })
      .where(eq(table.userId, userId))
    return false
  }
  await tx.delete(table).where(eq(table.userId, userId))
  return true
}
