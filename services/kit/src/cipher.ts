import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

export const cipherPrefix = '{cipher}'

/**
 * AES-256-GCM for `{cipher}` values: the key is SHA-256 of ENCRYPT_KEY; the text is
 * base64 of iv (12 bytes) | auth tag (16 bytes) | ciphertext, so tampering is detected.
 *
 * @example
 *   const cipher = createCipher(process.env.ENCRYPT_KEY!)
 *   cipher.decrypt(cipher.encrypt('s3cret')) // 's3cret'
 */
export function createCipher(secret: string) {
  const key = createHash('sha256').update(secret, 'utf8').digest()
  return {
    encrypt(plain: string): string {
      const iv = randomBytes(12)
      const aes = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([aes.update(plain, 'utf8'), aes.final()])
      return Buffer.concat([iv, aes.getAuthTag(), body]).toString('base64')
    },
    /** Throws when the text was not made with this key or was altered. */
    decrypt(text: string): string {
      const raw = Buffer.from(text.startsWith(cipherPrefix) ? text.slice(cipherPrefix.length) : text, 'base64')
      if (raw.length < 29) throw new Error('cipher text too short')
      const aes = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      aes.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([aes.update(raw.subarray(28)), aes.final()]).toString('utf8')
    },
  }
}

export type Cipher = ReturnType<typeof createCipher>
