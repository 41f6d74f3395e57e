import { getCursor, getCursorPosition, type Doc } from '@automerge/automerge/slim'

import type { Annotation, CodeDoc, NotesDoc } from './schema'

const SOURCE = ['source']

/** An annotation where it is now in the code: UTF-16 offsets [start, end) of `source`. */
export interface PlacedAnnotation {
  id: string
  annotation: Annotation
  start: number
  end: number
}

/**
 * Anchors [start, end) of the code's source: a cursor on the first character and one on the last, so the remark
 * keeps to the same characters as text is typed before, after or inside it. Null for an empty range.
 */
export function anchor(code: Doc<CodeDoc>, start: number, end: number): { start: string; end: string } | null {
  if (end <= start || start < 0 || end > code.source.length) return null
  return { start: getCursor(code, SOURCE, start), end: getCursor(code, SOURCE, end - 1) }
}

/** Where an annotation's characters are now; null when they were all deleted (or the cursor is not this doc's). */
export function place(code: Doc<CodeDoc>, id: string, annotation: Annotation): PlacedAnnotation | null {
  try {
    const start = getCursorPosition(code, SOURCE, annotation.start)
    // A deleted character's cursor resolves to where it was: the range then ends there, not after it.
    const last = getCursorPosition(code, SOURCE, annotation.end)
    const lastAlive = last < code.source.length && getCursor(code, SOURCE, last) === annotation.end
    const end = lastAlive ? last + 1 : last
    if (end <= start) return null
    return { id, annotation, start, end: Math.min(end, code.source.length) }
  } catch {
    return null
  }
}

/** Every annotation that still has code under it, in the order of the code. */
export function placeAll(code: Doc<CodeDoc> | undefined, notes: Doc<NotesDoc> | undefined): PlacedAnnotation[] {
  if (!code || !notes?.annotations) return []
  const placed: PlacedAnnotation[] = []
  for (const [id, annotation] of Object.entries(notes.annotations)) {
    const at = place(code, id, annotation)
    if (at) placed.push(at)
  }
  return placed.sort((a, b) => a.start - b.start || a.end - b.end)
}

/** A new annotation's id: time first, so ids sort by creation. */
export function annotationId(now: Date, random: () => number = Math.random): string {
  return `${now.getTime().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`
}
