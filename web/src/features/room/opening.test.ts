import { describe, expect, it } from 'vitest'

import { callAvailability, callOpensAt, formatOpensAt } from './opening'

const startsAt = '2026-12-01T13:00:00Z'

describe('the call opens 15 minutes before the start', () => {
  it('computes the opening time from startsAt', () => {
    expect(callOpensAt(startsAt).toISOString()).toBe('2026-12-01T12:45:00.000Z')
  })

  it('is early before then, open from then on, and follows the status otherwise', () => {
    const upcoming = { status: 'upcoming' as const, startsAt }
    expect(callAvailability(upcoming, new Date('2026-12-01T12:44:59Z'))).toEqual({
      state: 'early',
      opensAt: new Date('2026-12-01T12:45:00Z'),
    })
    expect(callAvailability(upcoming, new Date('2026-12-01T12:45:00Z'))).toEqual({ state: 'open' })
    // A call that runs is open whatever the clock says (the server marks it live).
    expect(callAvailability({ status: 'live', startsAt }, new Date('2026-12-01T10:00:00Z'))).toEqual({ state: 'open' })
    expect(callAvailability({ status: 'completed', startsAt }, new Date('2026-12-01T12:50:00Z'))).toEqual({ state: 'ended' })
    expect(callAvailability({ status: 'cancelled', startsAt }, new Date('2026-12-01T12:50:00Z'))).toEqual({ state: 'cancelled' })
  })

  it('shows the opening time in the viewer’s zone, with the day when it is not today there', () => {
    const opensAt = callOpensAt(startsAt)
    expect(formatOpensAt(opensAt, new Date('2026-12-01T09:00:00Z'), 'Europe/Berlin', 'en-GB')).toBe('13:45')
    expect(formatOpensAt(opensAt, new Date('2026-12-01T09:00:00Z'), 'America/New_York', 'en-US')).toBe('07:45')
    // 23:30 in Berlin on Nov 30 is still the day before the opening there.
    expect(formatOpensAt(opensAt, new Date('2026-11-30T22:30:00Z'), 'Europe/Berlin', 'en-US')).toBe('Tue, Dec 1, 13:45')
    // …but already the same day in Tokyo (22:45 on Dec 1).
    expect(formatOpensAt(opensAt, new Date('2026-12-01T01:00:00Z'), 'Asia/Tokyo', 'en-GB')).toBe('21:45')
  })
})
