import { describe } from 'vitest'

/**
 * A contract test: the same scenarios on the fake that other tests use in place of a seam
 * (neighbours, the web's shop) and on the real adapter against the real services, so the
 * fake cannot drift from what it stands for. Each side's world is made once, when its block
 * is collected; the scenarios await it.
 *
 * @example
 *   contractTest('sales neighbours', { fake: fakeWorld, real: realWorld }, (world) => {
 *     it('When …, then …', async () => {
 *       const { neighbours } = await world
 *     })
 *   })
 */
export function contractTest<World>(
  title: string,
  sides: { fake: () => World | Promise<World>; real: () => Promise<World> },
  scenarios: (world: Promise<World>) => void,
) {
  describe(`${title}: the fake`, () => scenarios(Promise.resolve(sides.fake())))
  describe(`${title}: the real adapter against the real services`, () => scenarios(sides.real()))
}

/**
 * What a call was refused with (the error its promise rejects with), or undefined when it
 * was not: for a contract's scenarios, which hold fake and real to the same refusals.
 *
 * @example
 *   expect(await refusal(shop.watchStock(token, id))).toMatchObject({ status: 409 })
 */
export const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err) => err,
  )
