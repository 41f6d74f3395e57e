import { view, type Doc } from '@automerge/automerge/slim'

import type { NotesDoc, ProblemDoc } from '@/features/workspace/schema'

import { prefixHeads, replayChanges, type ReplayChange } from './changes'

/**
 * A document through its history, read with `Automerge.view` at the heads of a prefix of the replay order (a view
 * costs well under a millisecond for these small documents; the last one is kept).
 */
export class DocTrack<T, V> {
  readonly changes: ReplayChange[]
  readonly heads: string[][]
  private readonly doc: Doc<T>
  private readonly read: (doc: Doc<T> | null) => V
  private last: { index: number; value: V } | null = null

  constructor(doc: Doc<T>, read: (doc: Doc<T> | null) => V) {
    this.doc = doc
    this.read = read
    this.changes = replayChanges(doc)
    this.heads = prefixHeads(this.changes)
  }

  /** The document after its first `k` changes. */
  stateAt(k: number): V {
    const index = Math.max(0, Math.min(this.changes.length, Math.floor(k)))
    if (this.last?.index === index) return this.last.value
    const value = this.read(index === 0 ? null : view(this.doc, this.heads[index] ?? []))
    this.last = { index, value }
    return value
  }
}

export interface ProblemView {
  title: string
  statement: string
}

export interface NoteRemark {
  id: string
  text: string
  authorName: string
  createdAt: string
}

export interface NotesView {
  text: string
  remarks: NoteRemark[]
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

export function readProblem(doc: Doc<ProblemDoc> | null): ProblemView {
  return { title: text(doc?.title), statement: text(doc?.statement) }
}

export function readNotes(doc: Doc<NotesDoc> | null): NotesView {
  const remarks: NoteRemark[] = Object.entries(doc?.annotations ?? {}).map(([id, annotation]) => ({
    id,
    text: text(annotation.text),
    authorName: text(annotation.authorName),
    createdAt: text(annotation.createdAt),
  }))
  remarks.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
  return { text: text(doc?.text), remarks }
}
