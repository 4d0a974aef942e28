import { pageOf, type ServiceClient } from '@shopfront/kit'
import * as z from 'zod'

/**
 * What users answers other services on /internal/users: a user's contact details and roles
 * (for the e-mails sales and support send, and support's assignees), and the opted-in
 * users a campaign goes to. Its routes answer with these types, and its clients decode with
 * these schemas, so neither can drift from the other.
 */
export const address = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
})
export type Address = z.infer<typeof address>

/** An address as a client sends one (a profile's, a checkout's): trimmed, bounded, a two-letter country code. */
export const addressInput = z
  .object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code'),
  })
  .strict()

/** An account as users answers it: to its owner (/api/users/me) and to admins (/api/users). */
export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  shippingAddress: address.nullable(),
  marketingOptIn: z.boolean(),
  roles: z.array(z.enum(['customer', 'support', 'admin'])),
  emailVerified: z.boolean(),
  disabled: z.boolean(),
  /** When it was deleted, by its owner or by an admin at their request (its personal data erased; it stays closed), or null. */
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
})
export type User = z.infer<typeof user>
export const userPage = pageOf(user)

/** What a customer import did (`POST /api/users/import`): accounts made, and e-mails that had one already (left as they were). */
/** An import's outcome: accounts made, e-mails that had one, and e-mails of deleted accounts (passed over). */
export const customerImportResult = z.object({
  created: z.number().int(),
  existing: z.number().int(),
  erased: z.number().int(),
})
export type CustomerImportResult = z.infer<typeof customerImportResult>

/**
 * Who a customer was on an order or a ticket: their name and e-mail as users knew them then
 * (on a ticket, an empty e-mail once they deleted their account).
 */
export const customer = z.object({ name: z.string(), email: z.string() })
export type Customer = z.infer<typeof customer>

export const contact = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  shippingAddress: address.nullable(),
  marketingOptIn: z.boolean(),
  disabled: z.boolean(),
})
export type Contact = z.infer<typeof contact>

/** A user's contact as a neighbour reads it (through its client to users, with its service identity); a 404 AppError when there is no such user. */
export const readContact = (users: ServiceClient, userId: string) =>
  users.get(`/internal/users/${encodeURIComponent(userId)}`, { schema: contact })

/** One page of the opted-in users, by id after `after`; `next` is the cursor of the next page (null: no more). */
export const optedInPage = z.object({
  items: z.array(z.object({ id: z.string(), email: z.string(), name: z.string(), unsubscribeToken: z.string() })),
  total: z.number().int(),
  next: z.string().nullable(),
  limit: z.number().int(),
})
export type OptedInPage = z.infer<typeof optedInPage>

/**
 * The access tokens users revoked that may still be live: a token of `sub` whose `ver`
 * claim is below `version` is refused (its account was disabled, or its roles or password
 * changed), and so is a token whose `sid` claim is in `sessions` (that session signed out,
 * or its refresh token was used twice). Every verifier reads it (the kit's `fetchRevocations`).
 */
export const revocations = z.object({
  revocations: z.array(z.object({ sub: z.string(), version: z.number().int() })),
  sessions: z.array(z.string()),
})
export type Revocations = z.infer<typeof revocations>
