/**
 * `bun run backup nightly [--at HH:MM] [--keep <count>] [folder]`: a backup every day at
 * `at` (the machine's time zone; 03:00 unless told), into `folder` (backups/ unless told),
 * the `keep` newest kept, until stopped: docker-compose's `backup` container. A night whose
 * backup fails says why and the next one tries again. SIGTERM or SIGINT while it waits
 * ends it at once; during a backup, once that backup is written.
 */

/** A time of day, `HH:MM` or `HH:MM:SS`: its hours, minutes and seconds, or undefined. */
export function timeOfDay(text: string): [number, number, number] | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined
}

/** The next moment after `now` the clock shows `at` (today's, if still to come; else tomorrow's). */
export function nextAt([hours, minutes, seconds]: [number, number, number], now: Date): Date {
  const next = new Date(now)
  next.setHours(hours, minutes, seconds, 0)
  if (next <= now) next.setDate(next.getDate() + 1)
  return next
}

/** Runs `backUp` at every `at` until a stop signal; each night's outcome said in a line. */
export async function everyNight(at: [number, number, number], backUp: () => Promise<void>) {
  let stopping = false
  let wake = () => {}
  const stop = () => {
    stopping = true
    wake()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  let next = nextAt(at, new Date())
  while (!stopping) {
    console.log(`next backup at ${next.toString()}`)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, next.getTime() - Date.now())
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    if (stopping) break
    await backUp().catch((err) => console.error(`the backup failed (the next one is tomorrow): ${err}`))
    // tomorrow's, even if the timer woke a moment early
    next = nextAt(at, new Date(Math.max(Date.now(), next.getTime())))
  }
  console.log('stopped')
}
