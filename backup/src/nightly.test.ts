import { describe, expect, it } from 'vitest'
import { nextAt, timeOfDay } from './nightly.ts'

describe('the nightly backup’s time', () => {
  it('When a time of day is given, then HH:MM and HH:MM:SS are read, and anything else is not one', () => {
    expect(timeOfDay('03:00')).toEqual([3, 0, 0])
    expect(timeOfDay('23:59:30')).toEqual([23, 59, 30])
    for (const wrong of ['3:00', '24:00', '12:60', '12:00:60', '12', 'noon', '12:00 '])
      expect(timeOfDay(wrong), wrong).toBeUndefined()
  })

  it('When the time is still to come today, then it is today’s; when it has come (or is now), tomorrow’s', () => {
    const now = new Date(2026, 11, 4, 2, 30, 0)
    expect(nextAt([3, 0, 0], now)).toEqual(new Date(2026, 11, 4, 3, 0, 0))
    expect(nextAt([2, 30, 0], now)).toEqual(new Date(2026, 11, 5, 2, 30, 0))
    expect(nextAt([1, 0, 0], now)).toEqual(new Date(2026, 11, 5, 1, 0, 0))
    // the last day of a month and of a year
    expect(nextAt([3, 0, 0], new Date(2026, 11, 31, 4, 0, 0))).toEqual(new Date(2027, 0, 1, 3, 0, 0))
  })
})
