import type { BadgeVariant } from '@/components/ui/badge'

import type { Interview, InterviewStatus, Outcome, Person } from './schema'

export const statusLabels: Record<InterviewStatus, string> = {
  upcoming: 'Upcoming',
  live: 'Live',
  completed: 'Completed',
  cancelled: 'Cancelled',
}

export const statusVariants: Record<InterviewStatus, BadgeVariant> = {
  upcoming: 'secondary',
  live: 'success',
  completed: 'outline',
  cancelled: 'destructive',
}

export const outcomeLabels: Record<Outcome, string> = {
  failed: 'Failed',
  succeeded: 'Succeeded',
}

export const outcomeVariants: Record<Outcome, BadgeVariant> = {
  failed: 'destructive',
  succeeded: 'success',
}

/** Whether the user sits on the interview's panel (is one of its interviewers). */
export function onPanel(interview: Pick<Interview, 'interviewers'>, userId: string): boolean {
  return interview.interviewers.some((person) => person.id === userId)
}

/** Everyone on the interview: the candidate first, then the interviewers, without duplicates. */
export function participants(interview: Pick<Interview, 'candidate' | 'interviewers'>): Person[] {
  const seen = new Set<string>()
  return [interview.candidate, ...interview.interviewers].filter((person) => {
    if (seen.has(person.id)) return false
    seen.add(person.id)
    return true
  })
}

/** The participants other than the viewer. */
export function others(interview: Interview, viewerId: string | undefined): Person[] {
  return participants(interview).filter((person) => person.id !== viewerId)
}

export const DURATIONS = [15, 30, 45, 60, 75, 90, 120, 150, 180, 240, 300, 360, 420, 480] as const
export const DEFAULT_DURATION = 60

/** "45 min", "1 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m} min`
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}
