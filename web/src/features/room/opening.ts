import type { Interview } from '@/features/interviews/schema'

/** The call opens this long before the interview starts (the server's rule; it answers 409 before then). */
export const OPENS_BEFORE_MINUTES = 15

export function callOpensAt(startsAt: string): Date {
  return new Date(new Date(startsAt).getTime() - OPENS_BEFORE_MINUTES * 60_000)
}

export type CallAvailability =
  | { state: 'open' }
  | { state: 'early'; opensAt: Date }
  | { state: 'ended' }
  | { state: 'cancelled' }

/** Whether the call can be joined now, by the client's clock (the server has the last word). */
export function callAvailability(interview: Pick<Interview, 'status' | 'startsAt'>, now: Date): CallAvailability {
  if (interview.status === 'cancelled') return { state: 'cancelled' }
  if (interview.status === 'live') return { state: 'open' }
  if (interview.status === 'completed') return { state: 'ended' }
  const opensAt = callOpensAt(interview.startsAt)
  if (Number.isNaN(opensAt.getTime()) || now.getTime() >= opensAt.getTime()) return { state: 'open' }
  return { state: 'early', opensAt }
}

/** The room's path for an interview. */
export function roomPath(interviewId: string): string {
  return `/interviews/${encodeURIComponent(interviewId)}/room`
}

export function interviewPath(interviewId: string): string {
  return `/interviews/${encodeURIComponent(interviewId)}`
}

/**
 * The opening time in the viewer's zone: "13:45" when it is today there, else "Tue, Dec 1, 13:45". The zone is a
 * parameter so tests are the same everywhere.
 */
export function formatOpensAt(opensAt: Date, now: Date, timeZone?: string, locale?: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  if (day.format(opensAt) === day.format(now)) return time.format(opensAt)
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(opensAt)
}
