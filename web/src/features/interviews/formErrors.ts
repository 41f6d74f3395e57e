import { INTERVIEW_FIELDS, type InterviewField } from './schema'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

/**
 * The server's `fields` → one message per form field. Keys may be nested ("interviewerIds.1", "interviewerIds[0]");
 * they go to their root field. Keys the form has no field for are returned in `other`, shown above the form.
 */
export function mapFieldErrors<F extends string>(
  fields: Record<string, string> | undefined,
  known: readonly F[],
): { byField: FieldErrors<F>; other: string[] } {
  const byField: FieldErrors<F> = {}
  const other: string[] = []
  for (const [key, message] of Object.entries(fields ?? {})) {
    const root = key.split(/[.[]/)[0] ?? key
    const field = known.find((name) => name === root)
    if (field === undefined) other.push(`${key} ${message}`)
    else if (byField[field] === undefined) byField[field] = message
  }
  return { byField, other }
}

export function mapInterviewFieldErrors(fields: Record<string, string> | undefined) {
  return mapFieldErrors<InterviewField>(fields, INTERVIEW_FIELDS)
}


