import { Hono, type Context } from 'hono'
import * as z from 'zod'
import {
  type AuthEnv,
  parse,
  principalOf,
  readJson,
  serviceRoutes,
  type TokenVerifier,
  userParam,
} from '@shopfront/kit'
import { checkedOutBody } from '../contract.ts'
import type { CartService } from './cart.service.ts'

const quantity = z.number().int().min(1).max(1_000_000)
/** POST /api/cart/items: a product, and how many to add (one unless said). */
export const addBody = z.object({ productId: z.uuid('a product id'), quantity: quantity.default(1) }).strict()
/** PUT /api/cart/items/:productId: the line's new quantity. */
export const setBody = z.object({ quantity }).strict()
const productParam = z.object({ productId: z.uuid('a product id') })

const guestParam = z.object({ guestId: z.uuid('a guest id') })
const mergeBody = z.object({ userId: z.uuid('a user id') }).strict()

/** /api/cart: the signed-in user's own cart, and nobody else's. */
export function cartRoutes({ cart, verifier }: { cart: CartService; verifier: TokenVerifier }) {
  const { app, signedIn } = serviceRoutes(verifier)
  app.use(signedIn)
  return cartOf(app, cart, (c) => principalOf(c).id)
}

/**
 * /internal/guest-carts/:guestId: the cart of a shopper who has not signed in, kept by the
 * web app (its service token only) under a guest id of its own making; at sign-in the web
 * app merges it into the account's cart. Guest carts are keyed `guest:<id>`, apart from users'.
 */
export function guestCartRoutes({ cart, verifier }: { cart: CartService; verifier: TokenVerifier }) {
  const { app, services } = serviceRoutes(verifier)
  app.use(services('web'))
  const guest = (c: Context) => `guest:${parse(guestParam, c.req.param(), 'path').guestId}`
  app.post('/:guestId/merge', async (c) => {
    const { userId } = await readJson(c, mergeBody)
    return c.json(await cart.merge(guest(c), userId))
  })
  return app.route('/:guestId', cartOf(new Hono<AuthEnv>(), cart, guest))
}

/** The routes of one cart, whoever `user` says owns it. */
function cartOf(app: Hono<AuthEnv>, cart: CartService, user: (c: Context<AuthEnv>) => string) {
  app.get('/', async (c) => c.json(await cart.view(user(c))))
  app.post('/items', async (c) => {
    const { productId, quantity } = await readJson(c, addBody)
    await cart.add(user(c), productId, quantity)
    return c.json(await cart.view(user(c)), 201)
  })
  app.patch('/items/:productId', async (c) => {
    const { productId } = parse(productParam, c.req.param(), 'path')
    const { quantity } = await readJson(c, setBody)
    await cart.setQuantity(user(c), productId, quantity)
    return c.json(await cart.view(user(c)))
  })
  app.delete('/items/:productId', async (c) => {
    await cart.remove(user(c), parse(productParam, c.req.param(), 'path').productId)
    return c.body(null, 204)
  })
  app.delete('/', async (c) => {
    await cart.empty(user(c))
    return c.body(null, 204)
  })
  return app
}

/**
 * /internal/carts, for services (their tokens): sales reads a user's cart at checkout and
 * takes the order's lines off it afterwards; users has a deleted account's cart forgotten.
 */
export function internalCartRoutes({ cart, verifier }: { cart: CartService; verifier: TokenVerifier }) {
  const { app, services } = serviceRoutes(verifier)
  app.get('/:userId', services('sales'), async (c) =>
    c.json(await cart.view(parse(userParam, c.req.param(), 'path').userId)),
  )
  app.delete('/:userId', services('users'), async (c) => {
    await cart.forget(parse(userParam, c.req.param(), 'path').userId)
    return c.body(null, 204)
  })
  app.post('/:userId/checked-out', services('sales'), async (c) => {
    const { orderId, lines } = await readJson(c, checkedOutBody)
    await cart.checkedOut(parse(userParam, c.req.param(), 'path').userId, orderId, lines)
    return c.body(null, 204)
  })
  return app
}
