import { describe, expect, it } from 'vitest'

import { cara, grace, interviewJson, ivan } from '@/features/interviews/fixtures'
import { interviewSchema } from '@/features/interviews/schema'

import { peopleIndex, replayPeople, SERVER_PERSON } from './people'

const interview = (overrides: Record<string, unknown> = {}) => interviewSchema.parse(interviewJson(overrides))

describe('replayPeople', () => {
  it('lists the candidate, the interviewers, then the owner when not one of them, each once, in distinct colours', () => {
    const nameless = { id: 'u-x', email: 'xavier@example.com', name: '', avatarUrl: '' }
    const people = replayPeople(interview({ interviewers: [ivan, nameless, ivan], owner: grace }))
    expect(people.map((p) => [p.userId, p.name, p.role])).toEqual([
      [cara.id, 'Cara Candidate', 'Candidate'],
      [ivan.id, 'Ivan Interviewer', 'Interviewer'],
      ['u-x', 'xavier', 'Interviewer'],
      [grace.id, 'Grace Hopper', 'Owner'],
    ])
    expect(new Set(people.map((p) => p.color)).size).toBe(4)
    // The owner who interviews is listed once, as an interviewer.
    expect(replayPeople(interview()).map((p) => p.role)).toEqual(['Candidate', 'Interviewer'])
  })

  it('names and colours the server, the interview’s people and anyone else', () => {
    const index = peopleIndex(replayPeople(interview()))
    expect(index.nameOf(ivan.id)).toBe('Ivan Interviewer')
    expect(index.nameOf('u-gone', 'Gone Guest')).toBe('Gone Guest')
    expect(index.nameOf('u-gone')).toBe('Someone')
    expect(index.colorOf('')).toBe(SERVER_PERSON.color)
    expect(index.colorOf(cara.id)).toBe(index.byId.get(cara.id)?.color)
    expect(index.colorOf(undefined)).toBe(index.colorOf('u-gone'))
    expect(index.colorOf(undefined)).not.toBe(index.colorOf(cara.id))
  })
})
