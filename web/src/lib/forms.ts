/** One message per form field; a field without a message has none. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>

/**
 * Which form field a server `fields` key belongs to: either the list of the form's fields (a nested key such as
 * "interviewerIds.1" or "interviewerIds[0]" goes to its root field), or a function answering for each key.
 */
export type FieldMatcher<F extends string> = readonly F[] | ((key: string) => F | undefined)

function fieldFor<F extends string>(key: string, match: FieldMatcher<F>): F | undefined {
  if (typeof match === 'function') return match(key)
  const root = key.split(/[.[]/)[0] ?? key
  return match.find((name) => name === root)
}

/**
 * The server's `fields` → one message per form field (the first one wins). Keys the form has no field for are
 * returned in `other` as "key message", to be shown above the form.
 */
export function mapFieldErrors<F extends string>(
  fields: Record<string, string> | undefined,
  match: FieldMatcher<F>,
): { byField: FieldErrors<F>; other: string[] } {
  const byField: FieldErrors<F> = {}
  const other: string[] = []
  for (const [key, message] of Object.entries(fields ?? {})) {
    const field = fieldFor(key, match)
    if (field === undefined) other.push(`${key} ${message}`)
    else if (byField[field] === undefined) byField[field] = message
  }
  return { byField, other }
}

/** Whether any field has a message. */
export function hasErrors(errors: Partial<Record<string, string>>): boolean {
  return Object.values(errors).some((message) => message !== undefined)
}

/** The id of a field's error message, for `aria-describedby` (dots in nested names become dashes). */
export function fieldErrorId(name: string): string {
  return `field-error-${name.replace(/\./g, '-')}`
}

/** The ARIA attributes of a control whose field may have an error: invalid, and described by the message. */
export function fieldAria(name: string, error: string | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': fieldErrorId(name) } : {}
}

/** A server message as a sentence: trimmed, first letter upper-case. */
export function sentence(message: string): string {
  const trimmed = message.trim()
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
}
