import { HAND_ATTRIBUTE, HAND_UP } from './schema'

interface Person {
  identity: string
  name?: string
  isLocal: boolean
  attributes: Readonly<Record<string, string>>
}

/** A participant's name as LiveKit knows it (from the token), or their identity. */
export function participantName(participant: Pick<Person, 'name' | 'identity'>): string {
  return participant.name?.trim() || participant.identity
}

/** Raised hands first, then the viewer, then everyone else by name. */
export function sortPeople<T extends Person>(participants: readonly T[]): T[] {
  const rank = (p: Person) => (p.attributes[HAND_ATTRIBUTE] === HAND_UP ? 0 : p.isLocal ? 1 : 2)
  return [...participants].sort((a, b) => rank(a) - rank(b) || participantName(a).localeCompare(participantName(b)))
}
