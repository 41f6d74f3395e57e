import { describe, expect, it } from 'vitest'

import { cara, interviewJson, ivan } from './fixtures'
import { changedInput, interviewValues, newInterviewValues, toInterviewInput, validateInterview } from './form'
import { interviewSchema } from './schema'

const interview = interviewSchema.parse(interviewJson({ startsAt: '2026-12-01T13:00:27Z' }))

describe('interview form values', () => {
  it('starts a new interview at the next full hour with the scheduler as interviewer', () => {
    const values = newInterviewValues(ivan, new Date('2026-12-01T12:34:00Z'), 'Europe/Berlin')
    expect(values.startsAt).toBe('2026-12-01T14:00')
    expect(values.interviewers.map((p) => p.id)).toEqual([ivan.id])
    expect(newInterviewValues(cara).interviewers).toEqual([])
  })

  it('sends the wall time as UTC', () => {
    const values = { ...interviewValues(interview, 'Europe/Berlin'), startsAt: '2026-12-02T09:00' }
    expect(toInterviewInput(values, 'Europe/Berlin').startsAt).toBe('2026-12-02T08:00:00Z')
  })

  it('patches only what changed, ignoring the seconds the input cannot show', () => {
    const values = interviewValues(interview, 'America/New_York')
    expect(changedInput(interview, values, 'America/New_York')).toEqual({})
    expect(changedInput(interview, { ...values, title: 'Renamed', problem: null, durationMinutes: 90 }, 'America/New_York')).toEqual({
      title: 'Renamed',
      durationMinutes: 90,
    })
    expect(changedInput(interview, { ...values, startsAt: '2026-12-01T09:00' }, 'America/New_York')).toEqual({
      startsAt: '2026-12-01T14:00:00Z',
    })
  })

  it('catches what the browser can know', () => {
    const errors = validateInterview({ ...interviewValues(interview), interviewers: [cara], startsAt: 'x' })
    expect(errors).toEqual({
      interviewerIds: 'The candidate cannot also be an interviewer',
      startsAt: 'Enter a valid date and time',
    })
  })
})
