/**
 * Undo and redo of one participant's own edits to an Automerge text. Every splice we make is recorded with
 * Automerge cursors (stable ids of characters), so it can be reverted exactly where its text now is, whatever the
 * others have inserted or deleted around it since. Reverting only removes characters we inserted (text another
 * participant typed inside our insertion stays) and puts back the text we removed where it was.
 */
import { getCursor, getCursorPosition, splice, type Cursor, type Doc, type Prop } from '@automerge/automerge/slim'

import { diffRuns, textAt } from './text'

/** One splice we made, with what is needed to revert it. */
export interface RecordedOp {
  /** The text we inserted ('' for none), from the character at `insStart` to the one at `insEnd`. */
  inserted: string
  insStart: Cursor | null
  insEnd: Cursor | null
  /** The text we removed ('' for none); `removedAt` is the first removed character (a tombstone now). */
  removed: string
  removedAt: Cursor | null
}

/** How an edit groups with the one before it. */
export type EditKind = 'insert' | 'delete' | 'other'

interface Step {
  ops: RecordedOp[]
  kind: EditKind
  changeCount: number
  time: number
}

/** Consecutive typing within this many milliseconds is one undo step. */
export const GROUP_MS = 500
const MAX_STEPS = 500

/**
 * Splices `doc` (a mutable document inside a change) and returns the record to revert it. `current` is the text at
 * `path` just before this splice.
 */
export function recordSplice<T>(
  doc: Doc<T>,
  path: readonly Prop[],
  current: string,
  index: number,
  deleteCount: number,
  insert: string,
): RecordedOp {
  const removed = current.slice(index, index + deleteCount)
  // The cursor of a removed character resolves, once it is gone, to where it was ('after': the next visible one).
  const removedAt = removed === '' ? null : getCursor(doc, [...path], index)
  splice(doc, [...path], index, removed.length, insert)
  if (insert === '') return { inserted: '', insStart: null, insEnd: null, removed, removedAt }
  return {
    inserted: insert,
    // First character: if deleted, resolve forwards; last character: if deleted, resolve backwards. The visible
    // text between them is what is left of our insertion (plus whatever others typed inside it).
    insStart: getCursor(doc, [...path], index),
    insEnd: getCursor(doc, [...path], index + insert.length - lastCodePointLength(insert), 'before'),
    removed,
    removedAt,
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/** 2 when `text` ends with a surrogate pair (Automerge's cursors point at code points, not at their halves). */
function lastCodePointLength(text: string): number {
  return text.length >= 2 && isHighSurrogate(text.charCodeAt(text.length - 2)) ? 2 : 1
}

/** The offset just after the character at `at` (a surrogate pair is one character). */
function afterCharAt(text: string, at: number): number {
  return at + (isHighSurrogate(text.charCodeAt(at)) && at + 1 < text.length ? 2 : 1)
}

/** Where the caret sits after `op` (just after its insertion, or where its removal was); null if unknown. */
export function caretAfter<T>(doc: Doc<T>, path: readonly Prop[], op: RecordedOp): number | null {
  try {
    if (op.insEnd !== null) return afterCharAt(textAt(doc, path) ?? '', getCursorPosition(doc, [...path], op.insEnd))
    if (op.removedAt !== null) return getCursorPosition(doc, [...path], op.removedAt)
  } catch {
    // The cursor's text is gone (replaced as a whole).
  }
  return null
}

/**
 * Reverts `op` inside a change: removes what is left of its insertion (only the characters we inserted: a diff
 * of the inserted text against the current range keeps the others'), then puts the removed text back. Returns the
 * splices made, recorded (so they can be reverted in turn: that is redo).
 */
export function revertOp<T>(doc: Doc<T>, path: readonly Prop[], op: RecordedOp): RecordedOp[] {
  const out: RecordedOp[] = []
  const text = () => textAt(doc, path) ?? ''
  if (op.insStart !== null && op.insEnd !== null) {
    let start: number
    let end: number
    try {
      start = getCursorPosition(doc, [...path], op.insStart)
      end = afterCharAt(text(), getCursorPosition(doc, [...path], op.insEnd))
    } catch {
      return out
    }
    if (end > start) {
      const current = text().slice(start, end)
      // Runs of `current` that are ours ('equal' to the inserted text), removed right to left.
      const ours: { offset: number; length: number }[] = []
      let at = start
      for (const run of diffRuns(op.inserted, current)) {
        if (run.kind === 'equal') ours.push({ offset: at, length: run.text.length })
        if (run.kind !== 'delete') at += run.text.length
      }
      for (const run of ours.reverse()) {
        out.push(recordSplice(doc, path, text(), run.offset, run.length, ''))
      }
    }
  }
  if (op.removedAt !== null) {
    let at: number
    try {
      at = getCursorPosition(doc, [...path], op.removedAt)
    } catch {
      return out
    }
    out.push(recordSplice(doc, path, text(), at, 0, op.removed))
  }
  return out
}

/** Reverts a step's ops, last first. */
export function revertOps<T>(doc: Doc<T>, path: readonly Prop[], ops: readonly RecordedOp[]): RecordedOp[] {
  const out: RecordedOp[] = []
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]
    if (op) out.push(...revertOp(doc, path, op))
  }
  return out
}

/** Two stacks of steps, with the grouping rules of typing. */
export class UndoStack {
  private undoSteps: Step[] = []
  private redoSteps: Step[] = []
  /** No merging into the top step (after a cursor jump, an undo/redo, or a paste). */
  private sealed = true
  private readonly listeners = new Set<() => void>()

  get canUndo(): boolean {
    return this.undoSteps.length > 0
  }

  get canRedo(): boolean {
    return this.redoSteps.length > 0
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  private emit(before: [boolean, boolean]) {
    if (before[0] === this.canUndo && before[1] === this.canRedo) return
    for (const listener of [...this.listeners]) listener()
  }

  private state(): [boolean, boolean] {
    return [this.canUndo, this.canRedo]
  }

  /** The top undo step's last op, when a new edit of `kind` at `time` could join it. */
  mergeCandidate(kind: EditKind, changeCount: number, time: number): RecordedOp | null {
    const top = this.undoSteps[this.undoSteps.length - 1]
    if (this.sealed || top === undefined || kind === 'other' || top.kind !== kind) return null
    if (top.changeCount !== changeCount || time - top.time > GROUP_MS) return null
    return top.ops[top.ops.length - 1] ?? null
  }

  /** Records a local edit; `merge` joins it to the top step (see mergeCandidate). Clears redo. */
  push(ops: RecordedOp[], kind: EditKind, changeCount: number, time: number, merge: boolean) {
    if (ops.length === 0) return
    const before = this.state()
    const top = this.undoSteps[this.undoSteps.length - 1]
    if (merge && top) {
      top.ops.push(...ops)
      top.time = time
    } else {
      this.undoSteps.push({ ops, kind, changeCount, time })
      if (this.undoSteps.length > MAX_STEPS) this.undoSteps.shift()
    }
    this.sealed = kind === 'other'
    this.redoSteps = []
    this.emit(before)
  }

  /** The next typing starts a new step. */
  seal() {
    this.sealed = true
  }

  /** Takes the step to undo (or redo); give what reverting it produced to `pushReverted`. */
  take(which: 'undo' | 'redo'): RecordedOp[] | null {
    const before = this.state()
    const step = (which === 'undo' ? this.undoSteps : this.redoSteps).pop()
    this.sealed = true
    this.emit(before)
    return step ? step.ops : null
  }

  /** Puts the ops that reverted an undo (or redo) on the other stack. */
  pushReverted(which: 'undo' | 'redo', ops: RecordedOp[], time: number) {
    if (ops.length === 0) return
    const before = this.state()
    const step: Step = { ops, kind: 'other', changeCount: 0, time }
    if (which === 'undo') this.redoSteps.push(step)
    else this.undoSteps.push(step)
    this.emit(before)
  }

  clear() {
    const before = this.state()
    this.undoSteps = []
    this.redoSteps = []
    this.sealed = true
    this.emit(before)
  }

  dispose() {
    this.listeners.clear()
  }
}
