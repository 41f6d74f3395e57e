import { describe, expect, it } from 'vitest'

import {
  endOfLocalDay,
  formatRelative,
  formatStay,
  formatTimeRange,
  localInputToUtc,
  startOfLocalDay,
  toLocalInputValue,
} from './time'

describe('local ↔ UTC conversion', () => {
  it('turns a datetime-local value into RFC 3339 UTC in the viewer’s zone', () => {
    expect(localInputToUtc('2026-12-01T14:00', 'Europe/Berlin')).toBe('2026-12-01T13:00:00Z')
    expect(localInputToUtc('2026-07-01T14:00', 'Europe/Berlin')).toBe('2026-07-01T12:00:00Z')
    expect(localInputToUtc('2026-12-01T09:30', 'America/New_York')).toBe('2026-12-01T14:30:00Z')
    expect(localInputToUtc('2026-12-01T05:30', 'Asia/Kolkata')).toBe('2026-12-01T00:00:00Z')
    expect(localInputToUtc('2026-12-01T14:00', 'UTC')).toBe('2026-12-01T14:00:00Z')
    // Crosses the date line backwards.
    expect(localInputToUtc('2026-12-01T00:15', 'Europe/Berlin')).toBe('2026-11-30T23:15:00Z')
  })

  it('shows a UTC instant as the wall time of the viewer’s zone', () => {
    expect(toLocalInputValue('2026-12-01T13:00:00Z', 'Europe/Berlin')).toBe('2026-12-01T14:00')
    expect(toLocalInputValue('2026-12-01T14:30:00Z', 'America/New_York')).toBe('2026-12-01T09:30')
    expect(toLocalInputValue('2026-11-30T23:15:00.000Z', 'Europe/Berlin')).toBe('2026-12-01T00:15')
    expect(toLocalInputValue('not a date', 'UTC')).toBe('')
  })

  it('round-trips around DST changes, and resolves a skipped wall time forward', () => {
    // Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
    expect(localInputToUtc('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T00:30:00Z')
    expect(localInputToUtc('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00Z')
    expect(localInputToUtc('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00Z')
    for (const iso of ['2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', '2026-10-24T23:30:00Z', '2026-10-25T02:30:00Z']) {
      expect(localInputToUtc(toLocalInputValue(iso, 'Europe/Berlin'), 'Europe/Berlin')).toBe(iso)
    }
    // 02:30 happens twice on 2026-10-25: either instant is a faithful reading.
    expect(['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']).toContain(localInputToUtc('2026-10-25T02:30', 'Europe/Berlin'))
  })

  it('rejects what is not a date and time', () => {
    expect(localInputToUtc('', 'UTC')).toBeNull()
    expect(localInputToUtc('2026-12-01', 'UTC')).toBeNull()
    expect(localInputToUtc('tomorrow at noon', 'UTC')).toBeNull()
  })

  it('gives the UTC bounds of a local calendar day (for date-range filters)', () => {
    expect(startOfLocalDay('2026-12-01', 'Europe/Berlin')).toBe('2026-11-30T23:00:00Z')
    expect(endOfLocalDay('2026-12-01', 'Europe/Berlin')).toBe('2026-12-01T23:00:00Z')
    expect(endOfLocalDay('2026-12-31', 'UTC')).toBe('2027-01-01T00:00:00Z')
  })
})

describe('formatting in the viewer’s zone', () => {
  it('formats a range with the zone name, naming both days across midnight', () => {
    const berlin = { timeZone: 'Europe/Berlin', locale: 'en-US' }
    expect(formatTimeRange('2026-12-01T13:00:00Z', '2026-12-01T14:00:00Z', berlin)).toBe(
      'Tue, Dec 1 · 14:00–15:00 (Europe/Berlin)',
    )
    expect(
      formatTimeRange('2026-12-01T13:00:00Z', '2026-12-01T14:00:00Z', { timeZone: 'America/New_York', locale: 'en-US' }),
    ).toBe('Tue, Dec 1 · 08:00–09:00 (America/New_York)')
    expect(formatTimeRange('2026-12-01T22:30:00Z', '2026-12-01T23:30:00Z', berlin)).toBe(
      'Tue, Dec 1 · 23:30 – Wed, Dec 2 · 00:30 (Europe/Berlin)',
    )
  })

  it('formats a stay in the call, naming the day once', () => {
    const berlin = { timeZone: 'Europe/Berlin', locale: 'en-US' }
    expect(formatStay('2026-12-01T13:01:00Z', '2026-12-01T13:58:00Z', berlin)).toBe('Tue, Dec 1, 14:01–14:58')
    expect(formatStay('2026-12-01T22:50:00Z', '2026-12-01T23:10:00Z', berlin)).toBe('Tue, Dec 1, 23:50 – Wed, Dec 2, 00:10')
    expect(formatStay('2026-12-01T13:01:00Z', null, berlin)).toBe('Tue, Dec 1, 14:01 – still in the call')
  })

  it('says how far away a time is', () => {
    const now = new Date('2026-12-01T12:00:00Z')
    expect(formatRelative('2026-12-01T14:00:00Z', now, 'en-US')).toBe('in 2 hours')
    expect(formatRelative('2026-12-01T11:55:00Z', now, 'en-US')).toBe('5 minutes ago')
    expect(formatRelative('2026-12-03T12:00:00Z', now, 'en-US')).toBe('in 2 days')
    expect(formatRelative('2026-12-01T12:00:20Z', now, 'en-US')).toBe('now')
  })
})
