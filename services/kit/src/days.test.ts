import { describe, expect, it } from 'vitest'
import { addDays, nextDay, startOfDay, timeZone, today } from './days.ts'

describe('days in a time zone', () => {
  it('When a day begins in a zone, then it is that zone’s midnight, across clock changes and where the clocks skip midnight', () => {
    const cases: [string, string, string][] = [
      ['2026-12-03', 'UTC', '2026-12-03T00:00:00.000Z'],
      ['2026-12-03', 'Asia/Kolkata', '2026-12-02T18:30:00.000Z'],
      ['2026-12-03', 'Pacific/Kiritimati', '2026-12-02T10:00:00.000Z'],
      // New York's clocks go forward, then back, at 2 am
      ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'],
      ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
      ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
      ['2026-11-02', 'America/New_York', '2026-11-02T05:00:00.000Z'],
      // Chile's go forward at midnight (the day begins at 1 am) and back at midnight (the second one)
      ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
      ['2026-04-05', 'America/Santiago', '2026-04-05T04:00:00.000Z'],
    ]
    for (const [day, zone, instant] of cases)
      expect(startOfDay(day, zone).toISOString(), `${day} ${zone}`).toBe(instant)
  })

  it('When today and the next day are asked for, then they are the zone’s calendar days', () => {
    const at = new Date('2026-12-03T20:00:00Z')
    expect([today('UTC', at), today('Asia/Tokyo', at), today('America/Los_Angeles', at)]).toEqual([
      '2026-12-03',
      '2026-12-04',
      '2026-12-03',
    ])
    expect([nextDay('2026-12-31'), nextDay('2028-02-28'), nextDay('2026-03-08')]).toEqual([
      '2027-01-01',
      '2028-02-29',
      '2026-03-09',
    ])
    // back and forth across months and a leap day
    expect([addDays('2024-03-01', -1), addDays('2026-12-04', -29), addDays('2025-12-05', 364)]).toEqual([
      '2024-02-29',
      '2026-11-05',
      '2026-12-04',
    ])
  })

  it('When a time zone is named, then only one the runtime knows passes', () => {
    expect(timeZone.parse(' Europe/Berlin ')).toBe('Europe/Berlin')
    // in the runtime's own spelling, whatever the case it was given in
    expect(timeZone.parse('america/NEW_york')).toBe('America/New_York')
    for (const bad of ['Mars/Olympus', 'EST5EDT; DROP', '', 'x'.repeat(65)])
      expect(timeZone.safeParse(bad).success).toBe(false)
  })
})
