/**
 * Where a caret at `caret` in `before` belongs in `after`, when someone else's edit turned one into the other: the
 * edit is the span between the common prefix and the common suffix; a caret before it stays, one after it moves by
 * the change in length, one inside it goes to the end of the new text there.
 */
export function moveCaret(before: string, after: string, caret: number): number {
  let prefix = 0
  const max = Math.min(before.length, after.length)
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++
  }
  if (caret <= prefix) return caret
  const oldEnd = before.length - suffix
  if (caret >= oldEnd) return caret + (after.length - before.length)
  return after.length - suffix
}

/**
 * The one span that turns `before` into `after`: the common prefix and suffix kept, the middle replaced. A textarea
 * changes one span per input event, so this is the edit, found in linear time (Automerge's updateText runs a Myers
 * diff, which is quadratic in the size of the change). Never splits a surrogate pair.
 */
export function changedSpan(before: string, after: string): { start: number; deleteCount: number; insert: string } {
  const max = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  if (prefix > 0 && isLowSurrogate(after.charCodeAt(prefix)) && prefix < after.length) prefix--
  let suffix = 0
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++
  }
  if (suffix > 0 && isLowSurrogate(after.charCodeAt(after.length - suffix))) suffix--
  return { start: prefix, deleteCount: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
