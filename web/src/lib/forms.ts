/** The id of a field's error message, for `aria-describedby` (dots in nested names become dashes). */
export function fieldErrorId(name: string): string {
  return `field-error-${name.replace(/\./g, '-')}`
}

/** A server message as a sentence: trimmed, first letter upper-case. */
export function sentence(message: string): string {
  const trimmed = message.trim()
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
}
