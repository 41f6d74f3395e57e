/**
 * Times travel as UTC RFC 3339 strings and are shown in the viewer's time zone. Every function takes the zone
 * explicitly (default: the browser's), so the conversions are the same in tests and in any browser.
 */

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

function wallTimeIn(date: Date, timeZone: string): WallTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') }
}

/** Minutes the zone is ahead of UTC at `instant` (Berlin in winter: 60). */
function offsetMinutes(instant: number, timeZone: string): number {
  const wall = wallTimeIn(new Date(instant), timeZone)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An RFC 3339 UTC instant → the `YYYY-MM-DDTHH:mm` value of an `<input type="datetime-local">` in `timeZone`. */
export function toLocalInputValue(iso: string, timeZone: string = viewerTimeZone()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const w = wallTimeIn(date, timeZone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/**
 * A `datetime-local` value (wall time in `timeZone`) → an RFC 3339 UTC string without fractions
 * ("2026-12-01T13:00:00Z"), or null when it is not a valid date and time. A wall time skipped by a DST change
 * resolves to the later of the two nearby instants.
 */
export function localInputToUtc(value: string, timeZone: string = viewerTimeZone()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value)
  if (!match) return null
  const [, y, mo, d, h, mi, s] = match
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0))
  if (Number.isNaN(guess)) return null
  const first = guess - offsetMinutes(guess, timeZone) * 60_000
  // Near a DST change the offset at the result can differ from the offset at the guess: prefer the candidate
  // that shows the same wall time again; in a skipped hour neither does, so take the later one.
  const second = guess - offsetMinutes(first, timeZone) * 60_000
  const wall = value.slice(0, 16)
  const roundTrips = (instant: number) => toLocalInputValue(new Date(instant).toISOString(), timeZone) === wall
  let instant = Math.max(first, second)
  if (roundTrips(first)) instant = first
  else if (roundTrips(second)) instant = second
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The UTC instant at which calendar day `YYYY-MM-DD` starts in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string = viewerTimeZone()): string | null {
  return localInputToUtc(`${day}T00:00`, timeZone)
}

/** The UTC instant at which the day after `YYYY-MM-DD` starts in `timeZone` (an exclusive end). */
export function endOfLocalDay(day: string, timeZone: string = viewerTimeZone()): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1))
  return startOfLocalDay(next.toISOString().slice(0, 10), timeZone)
}

export interface FormatOptions {
  timeZone?: string
  locale?: string
}

/** "Tue, Dec 1 · 14:00–15:00 (Europe/Berlin)"; across midnight both days are named. */
export function formatTimeRange(startsAt: string, endsAt: string, options: FormatOptions = {}): string {
  const { timeZone = viewerTimeZone(), locale } = options
  const start = new Date(startsAt)
  const end = new Date(endsAt)
  if (Number.isNaN(start.getTime())) return ''
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric' })
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const startDay = day.format(start)
  if (Number.isNaN(end.getTime())) return `${startDay} · ${time.format(start)} (${timeZone})`
  const endDay = day.format(end)
  const range =
    startDay === endDay
      ? `${startDay} · ${time.format(start)}–${time.format(end)}`
      : `${startDay} · ${time.format(start)} – ${endDay} · ${time.format(end)}`
  return `${range} (${timeZone})`
}

/** "Tue, Dec 1, 14:05" in the viewer's zone. */
export function formatDateTime(iso: string, options: FormatOptions = {}): string {
  const { timeZone = viewerTimeZone(), locale } = options
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "in 2 hours", "5 minutes ago", "now". */
export function formatRelative(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const seconds = (date.getTime() - now.getTime()) / 1000
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit)
  }
  return rtf.format(0, 'second')
}

/** "Fri, Dec 4, 07:31–07:58", the day once when both ends are on it; "…–still in the call" while present. */
export function formatStay(joinedAt: string, leftAt: string | null, options: FormatOptions = {}): string {
  const { timeZone, locale } = options
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric' })
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const joined = new Date(joinedAt)
  if (Number.isNaN(joined.getTime())) return ''
  const start = `${day.format(joined)}, ${time.format(joined)}`
  if (!leftAt) return `${start} – still in the call`
  const left = new Date(leftAt)
  if (Number.isNaN(left.getTime())) return start
  return day.format(left) === day.format(joined) ? `${start}–${time.format(left)}` : `${start} – ${formatDateTime(leftAt, options)}`
}
