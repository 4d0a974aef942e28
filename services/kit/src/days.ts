import * as z from 'zod'

/**
 * A zone's wall clock, made once per zone (making one costs far more than reading it); the
 * zones come through `timeZone`, in one spelling each, so there are at most some 600.
 */
const clocks = new Map<string, Intl.DateTimeFormat>()
const clockOf = (zone: string) => {
  let clock = clocks.get(zone)
  if (!clock) {
    const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' } as const
    clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', second: 'numeric', ...fields })
    clocks.set(zone, clock)
  }
  return clock
}

/** The runtime's own name for a time zone (`america/new_york` is `America/New_York`), or none when it knows no such zone. */
const canonicalZone = (name: string) => {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/**
 * A time zone as the IANA names it (`America/New_York`, `UTC`): a setting, or a query's
 * `tz`, given in the runtime's own spelling, so that the clocks kept are one per zone.
 */
export const timeZone = z
  .string()
  .trim()
  .max(64)
  .transform((name, ctx) => {
    const zone = canonicalZone(name)
    if (!zone) ctx.addIssue({ code: 'custom', message: 'a time zone as the IANA names it, e.g. Europe/Berlin or UTC' })
    return zone ?? name
  })

/** How far `zone`'s clock is ahead of UTC at `at`, in milliseconds (negative west of Greenwich). */
function offsetAt(at: number, zone: string): number {
  const parts = clockOf(zone).formatToParts(new Date(at))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return wall - Math.floor(at / 1000) * 1000
}

/**
 * The instant a day (`YYYY-MM-DD`) begins in a time zone: its first moment on that zone's
 * clocks (midnight, or where a DST change skips midnight, the first time after it).
 *
 * @example
 *   startOfDay('2026-03-08', 'America/New_York') // 2026-03-08T05:00:00.000Z
 */
export function startOfDay(day: string, zone: string): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number)
  const midnight = Date.UTC(year, month - 1, date)
  // the zone's offsets before and after any change near that midnight (UTC offsets run from -12 to +14 hours)
  const before = midnight - offsetAt(midnight - 15 * hour, zone)
  const after = midnight - offsetAt(midnight + 13 * hour, zone)
  const showsMidnight = (at: number) => at + offsetAt(at, zone) === midnight
  const candidates = [before, after].filter(showsMidnight).sort((a, b) => a - b)
  // none: the clocks skip midnight, and the day begins when they do
  return new Date(candidates[0] ?? before)
}

const hour = 3_600_000

/** `day` (`YYYY-MM-DD`) moved by `n` days: days are counted on the calendar, not in hours. */
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** The day after `day`, for a period's end. */
export const nextDay = (day: string) => addDays(day, 1)

/** The day it is now in a time zone, as `YYYY-MM-DD`. */
export const today = (zone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
