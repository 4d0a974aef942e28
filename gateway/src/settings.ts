import * as z from 'zod'
import { baseSettings } from '@shopfront/kit'

/** The HTTP methods the API uses (OPTIONS for CORS preflights): the gateway answers any other (TRACE, CONNECT, WebDAV's) with a 405 itself. */
export const apiMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

const route = z.object({
  /** Requests whose path is this prefix or below it go to `service`, path unchanged. */
  prefix: z.string().regex(/^\/[\w\-./]*$/, 'a path like /api/products'),
  service: z.string().min(1),
  /** Only these methods (all when absent); a more specific route can cover the rest. */
  methods: z.array(z.enum(apiMethods)).optional(),
  /** public: anyone (a token is still verified when sent); user: any signed-in user; roles: one of `roles`. */
  access: z.enum(['public', 'user', 'roles']),
  roles: z.array(z.string()).default([]),
  /** A class of gateway.rateLimits, or `none` for a route that is not limited. */
  rateLimit: z.string().default('default'),
  timeoutMs: z.number().int().positive().optional(),
})

const cidr = /^(\d{1,3}(\.\d{1,3}){3}(\/([12]?\d|3[0-2]))?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(\/(\d{1,2}|1[01]\d|12[0-8]))?)$/

const rateClass = z.object({
  anonymous: z.number().int().positive(),
  user: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
  /**
   * Count only refusals (answers of 400 to 499): each request counts as it comes and is
   * given back when it works or its service could not answer (a sign-in: a right password
   * costs nothing, so a crowd behind one address signs in freely, while wrong guesses,
   * bursts of them included, are still limited).
   */
  failuresOnly: z.boolean().default(false),
})

export const gatewaySettings = baseSettings.extend({
  gateway: z
    .object({
      routes: z.array(route).min(1),
      /** How the verified keys are cached; who issues them is the shared `auth` section every service reads. */
      jwks: z.object({
        ttlMs: z.number().int().positive(),
        /** An unknown `kid` refetches the JWKS at most this often (a flood of forged kids must not hammer users). */
        refetchCooldownMs: z.number().int().min(0),
      }),
      rateLimits: z.record(z.string(), rateClass),
      cors: z.object({ allowOrigins: z.array(z.string()).default([]), maxAgeSeconds: z.number().int().min(0) }),
      /** Headers services trust from each other, never from a client. */
      strippedHeaders: z.array(z.string().transform((name) => name.toLowerCase())).default([]),
      upstreamTimeoutMs: z.number().int().positive(),
      retries: z.number().int().min(0).max(3),
      maxBodyBytes: z.number().int().positive(),
      /** Bearer token for /metrics and /health/services (GATEWAY_METRICS_TOKEN); empty: open, development only. */
      metricsToken: z.string().default(''),
      /** Peers (CIDRs) whose X-Forwarded-For is believed: a load balancer in front of the gateway. */
      trustedProxies: z.array(z.string().regex(cidr, 'an address or CIDR, e.g. 10.0.0.0/8 or fd00::/8')).default([]),
    })
    .refine((g) => g.routes.every((r) => r.rateLimit === 'none' || r.rateLimit in g.rateLimits), {
      message: 'every route rateLimit must name a class in gateway.rateLimits (or be none)',
    })
    .refine((g) => 'default' in g.rateLimits, { message: 'gateway.rateLimits needs a default class' }),
})

export type GatewaySettings = z.infer<typeof gatewaySettings>
export type Route = GatewaySettings['gateway']['routes'][number]
