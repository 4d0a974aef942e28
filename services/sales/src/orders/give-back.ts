import { AppError } from '@shopfront/kit'

/**
 * Money back, then stock back: the rule a cancellation, a whole refund and a refund of some
 * items share once they are written down. A failure before the money could have moved
 * `forget`s what was written (the order as it was); after it (the provider refunded, then
 * products failed), or when it is unsure (a timeout; on a `repeat`, an unreachable provider,
 * as an earlier attempt may have reached it), nothing is forgotten, so a repeat or recovery
 * finishes it. The failure is thrown on either way.
 */
export async function giveBack(
  {
    money,
    stock,
    forget,
  }: { money: () => Promise<unknown>; stock: () => Promise<unknown>; forget: () => Promise<unknown> },
  repeat: boolean,
) {
  let moneyBack = false
  try {
    await money()
    moneyBack = true
    await stock()
  } catch (err) {
    const unsure = err instanceof AppError && (err.type === 'timeout' || (repeat && err.type === 'unavailable'))
    if (!moneyBack && !unsure) await forget()
    throw err
  }
}
