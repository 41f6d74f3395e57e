import type { User } from '@/features/session/schema'
import type { FieldErrors } from '@/lib/forms'

import { DEFAULT_DURATION } from './present'
import type { Interview, InterviewField, InterviewInput, PickerUser, ProblemOption } from './schema'
import { localInputToUtc, toLocalInputValue } from './time'

export interface InterviewFormValues {
  title: string
  description: string
  candidate: PickerUser | null
  interviewers: PickerUser[]
  /** The `datetime-local` value, wall time in the viewer's zone. */
  startsAt: string
  durationMinutes: number
  /** A chosen option, or just the id of the interview's problem while editing. */
  problem: ProblemOption | string | null
}

/** The roles offered as interviewers: admins interview too. */
export const INTERVIEWER_ROLES = ['interviewer', 'admin'] as const

/** A new interview: the next full hour, an hour long, with the scheduler as its interviewer. */
export function newInterviewValues(me: User | null | undefined, now: Date = new Date(), timeZone?: string): InterviewFormValues {
  const next = new Date(now)
  next.setUTCMinutes(0, 0, 0)
  next.setUTCHours(next.getUTCHours() + 1)
  return {
    title: '',
    description: '',
    candidate: null,
    interviewers: me && me.role !== 'candidate' ? [me] : [],
    startsAt: toLocalInputValue(next.toISOString(), timeZone),
    durationMinutes: DEFAULT_DURATION,
    problem: null,
  }
}

/** The form's values for an existing interview. */
export function interviewValues(interview: Interview, timeZone?: string): InterviewFormValues {
  return {
    title: interview.title,
    description: interview.description,
    candidate: interview.candidate,
    interviewers: interview.interviewers,
    startsAt: toLocalInputValue(interview.startsAt, timeZone),
    durationMinutes: interview.durationMinutes,
    problem: interview.problemId,
  }
}

/** Checks what the browser can know; the server checks the rest (past start, roles, unknown users). */
export function validateInterview(values: InterviewFormValues, timeZone?: string): FieldErrors<InterviewField> {
  const errors: FieldErrors<InterviewField> = {}
  if (!values.title.trim()) errors.title = 'Give the interview a title'
  if (!values.candidate) errors.candidateId = 'Choose the candidate'
  if (values.interviewers.length === 0) errors.interviewerIds = 'Choose at least one interviewer'
  else if (values.candidate && values.interviewers.some((person) => person.id === values.candidate?.id))
    errors.interviewerIds = 'The candidate cannot also be an interviewer'
  if (!values.startsAt) errors.startsAt = 'Choose the date and time'
  else if (localInputToUtc(values.startsAt, timeZone) === null) errors.startsAt = 'Enter a valid date and time'
  return errors
}

/** The request body for the form's values (they must have passed `validateInterview`). */
export function toInterviewInput(values: InterviewFormValues, timeZone?: string): InterviewInput {
  const problemId = values.problem === null ? null : typeof values.problem === 'string' ? values.problem : values.problem.id
  return {
    title: values.title.trim(),
    description: values.description.trim(),
    candidateId: values.candidate?.id ?? '',
    interviewerIds: values.interviewers.map((person) => person.id),
    startsAt: localInputToUtc(values.startsAt, timeZone) ?? '',
    durationMinutes: values.durationMinutes,
    problemId,
  }
}

/**
 * The PATCH body: only what changed against the interview. Unchanged fields are left out, so an interview that
 * has already started can be edited without its start being rejected as "in the past".
 */
export function changedInput(interview: Interview, values: InterviewFormValues, timeZone?: string): Partial<InterviewInput> {
  const next = toInterviewInput(values, timeZone)
  const changes: Partial<InterviewInput> = {}
  if (next.title !== interview.title) changes.title = next.title
  if (next.description !== interview.description.trim()) changes.description = next.description
  if (next.candidateId !== interview.candidate.id) changes.candidateId = next.candidateId
  const before = interview.interviewers.map((person) => person.id)
  if (before.length !== next.interviewerIds.length || before.some((id, i) => id !== next.interviewerIds[i]))
    changes.interviewerIds = next.interviewerIds
  // The input has minute precision: compare wall times, so an unchanged start is not re-sent (and rejected as past).
  if (values.startsAt !== toLocalInputValue(interview.startsAt, timeZone)) changes.startsAt = next.startsAt
  if (next.durationMinutes !== interview.durationMinutes) changes.durationMinutes = next.durationMinutes
  if ((next.problemId ?? null) !== interview.problemId) changes.problemId = next.problemId ?? null
  return changes
}
