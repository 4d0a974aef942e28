import { createHmac, hkdfSync } from 'node:crypto'

/**
 * What users keeps of a deleted account's address: a keyed digest of it (HMAC-SHA-256 under
 * a key derived from `users.keyEncryptionKey`), enough to know that address again, not
 * enough to read it back, nor to test a guessed address without the secret. A customer
 * import passes such addresses over, so an old customer list neither recreates an account
 * its owner deleted nor e-mails them an invitation; the owner may still register again
 * themselves. A new secret makes the digests kept under the old one unknowable.
 */
export function addressDigests(secret: () => string) {
  // derived once for the secret the settings hold (again only when it changes), not once an address
  let derived: { from: string; key: Buffer } | undefined
  const keyOf = (from: string) => {
    if (derived?.from !== from)
      derived = { from, key: Buffer.from(hkdfSync('sha256', from, 'shopfront', 'erased addresses v1', 32)) }
    return derived.key
  }
  return (email: string) => createHmac('sha256', keyOf(secret())).update(email.trim().toLowerCase()).digest('base64url')
}
export type AddressDigest = ReturnType<typeof addressDigests>
