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
