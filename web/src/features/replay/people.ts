import { participants } from '@/features/interviews/present'
import type { Interview } from '@/features/interviews/schema'
import { displayName } from '@/features/session/present'

/** Someone whose edits the replay colours. */
export interface ReplayPerson {
  userId: string
  name: string
  role: string
  color: string
}

/**
 * Author colours: mid tones that read as an underline and a light tint on both themes (the text itself keeps the
 * foreground colour, so contrast does not depend on them). The candidate is always the first.
 */
const PALETTE = ['#2563eb', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#65a30d']
/** The server's own changes (the documents' creation, a problem reset: the starter code). */
export const SERVER_PERSON: ReplayPerson = { userId: '', name: 'Starter code', role: 'Server', color: '#94a3b8' }
/** Changes whose author is not known (older than the server's record, or not on the interview). */
export const UNKNOWN_COLOR = '#a1a1aa'

/** The interview's people in legend order: the candidate, the interviewers, the owner if not one of them. */
export function replayPeople(interview: Pick<Interview, 'candidate' | 'interviewers' | 'owner'>): ReplayPerson[] {
  const people = participants(interview).map((person) => ({ person, role: person.id === interview.candidate.id ? 'Candidate' : 'Interviewer' }))
  const owner = interview.owner
  if (owner && !people.some(({ person }) => person.id === owner.id)) people.push({ person: owner, role: 'Owner' })
  return people.map(({ person, role }, i) => ({ userId: person.id, name: displayName(person), role, color: PALETTE[i % PALETTE.length] ?? UNKNOWN_COLOR }))
}

export interface PeopleIndex {
  people: ReplayPerson[]
  byId: Map<string, ReplayPerson>
  /** A user's name: the interview's, else `fallback` (a name the server sent along), else "Someone". */
  nameOf: (userId: string, fallback?: string) => string
  colorOf: (userId: string | undefined) => string
}

export function peopleIndex(people: ReplayPerson[]): PeopleIndex {
  const byId = new Map(people.map((person) => [person.userId, person]))
  return {
    people,
    byId,
    nameOf: (userId, fallback) => byId.get(userId)?.name ?? (fallback || 'Someone'),
    colorOf: (userId) => (userId === '' ? SERVER_PERSON.color : userId === undefined ? UNKNOWN_COLOR : (byId.get(userId)?.color ?? UNKNOWN_COLOR)),
  }
}
