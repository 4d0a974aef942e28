import { randomInt } from 'node:crypto'
import type { Sql, TransactionSql } from 'postgres'
import { hashToken } from './tokens.ts'

/** The tables of six-digit codes sent by e-mail: one live code per user, stored hashed. */
export type CodeTable = 'verification_codes' | 'password_reset_codes'
type Tx = Sql | TransactionSql

/** A new code for the user (replacing any earlier one, its tries reset); `serial` numbers the codes sent. */
export async function storeCode(tx: Tx, table: CodeTable, userId: string, ttlMinutes: number) {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const [row] = await tx<{ serial: number }[]>`
    INSERT INTO ${tx(table)} AS c (user_id, code_hash, expires_at)
    VALUES (${userId}, ${hashToken(code)}, now() + ${ttlMinutes} * interval '1 minute')
    ON CONFLICT (user_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at,
      attempts = 0, sent_at = now(), serial = c.serial + 1
    RETURNING serial`
  return { code, serial: row?.serial ?? 1 }
}

/** Seconds before another code may be sent to the user, or 0. */
export async function secondsBeforeResend(tx: Tx, table: CodeTable, userId: string, resendAfterSeconds: number) {
  const [last] = await tx<{ sent_at: Date }[]>`SELECT sent_at FROM ${tx(table)} WHERE user_id = ${userId}`
  const wait = last ? resendAfterSeconds - (Date.now() - new Date(last.sent_at).getTime()) / 1000 : 0
  return Math.max(0, Math.ceil(wait))
}

/**
 * Whether `code` is the user's live code: right and in time uses it up; wrong counts a try
 * (run inside a transaction that commits either way); expired or tried `maxAttempts`
 * times is wrong whatever is sent.
 */
export async function useCode(tx: Tx, table: CodeTable, userId: string, code: string, maxAttempts: number) {
  const [row] = await tx<{ code_hash: string; expires_at: Date; attempts: number }[]>`
    SELECT code_hash, expires_at, attempts FROM ${tx(table)} WHERE user_id = ${userId} FOR UPDATE`
  if (!row || new Date(row.expires_at) < new Date() || row.attempts >= maxAttempts) return false
  if (hashToken(code) !== row.code_hash) {
    await tx`UPDATE ${tx(table)} SET attempts = attempts + 1 WHERE user_id = ${userId}`
    return false
  }
  await tx`DELETE FROM ${tx(table)} WHERE user_id = ${userId}`
  return true
}
