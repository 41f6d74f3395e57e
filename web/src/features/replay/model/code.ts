import { prefixHeads, type ReplayChange } from './changes'

/**
 * The code document's `source` (and `language`) through its history, with who wrote each character.
 *
 * Applying the changes one by one with Automerge costs about a millisecond each and grows with the history (5,000
 * changes: ~5 s), so the text is replayed here from the decoded operations instead: Automerge text is an RGA, each
 * character an element inserted after another (`elemId`) and deleted by a `del` that names it. The pass runs once
 * (5,000 changes: ~50 ms) and turns each change into splices of the visible text (UTF-16 offsets, like JS strings),
 * with a checkpoint every `CHECKPOINT` changes, so the state after any prefix is a checkpoint plus a few splices,
 * backwards as fast as forwards. The tests compare every prefix with `Automerge.view`.
 */

export const CHECKPOINT = 64

/** One edit of the visible text: delete `del` UTF-16 units at `at`, then insert `text` there, written by `author`. */
export type TextEdit =
  | { kind: 'splice'; at: number; del: number; text: string; author: number }
  | { kind: 'reset'; text: string; authors: Uint16Array }

/** The code after some prefix of the changes. */
export interface CodeState {
  /** How many changes are applied. */
  index: number
  text: string
  language: string
  /** Per UTF-16 unit of `text`: the index in `CodeTrack.actors` of the change that inserted it. */
  authors: Uint16Array
}

interface Elem {
  id: string
  counter: number
  actor: string
  value: string
  deleted: boolean
  author: number
}

/** Lamport order of operation ids: counter, then actor. */
function compareIds(a: { counter: number; actor: string }, b: { counter: number; actor: string }): number {
  if (a.counter !== b.counter) return a.counter - b.counter
  return a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0
}

/** One text object as an RGA sequence, tombstones kept. */
class TextSeq {
  readonly elems: Elem[] = []
  private hint = 0
  /** Visible UTF-16 units before raw index `anchorRaw`. */
  private anchorRaw = 0
  private anchorVis = 0

  rawIndexOf(id: string): number {
    const elems = this.elems
    const n = elems.length
    const h = Math.min(this.hint, n - 1)
    for (let d = 0; d < n; d++) {
      const up = h + d
      if (up < n && elems[up]?.id === id) return (this.hint = up)
      const down = h - d - 1
      if (down >= 0 && elems[down]?.id === id) return (this.hint = down)
      if (up >= n && down < 0) break
    }
    return -1
  }

  /** Visible UTF-16 units before raw index r, counted from the last place touched. */
  visibleBefore(r: number): number {
    let raw = this.anchorRaw
    let vis = this.anchorVis
    const elems = this.elems
    while (raw < r) {
      const e = elems[raw]
      if (e && !e.deleted) vis += e.value.length
      raw++
    }
    while (raw > r) {
      raw--
      const e = elems[raw]
      if (e && !e.deleted) vis -= e.value.length
    }
    this.anchorRaw = raw
    this.anchorVis = vis
    return vis
  }

  /** Inserts after `ref` ('_head': at the start) by the RGA rule; returns the visible offset, or -1 (unknown ref). */
  insert(ref: string, elem: Elem): number {
    let i = 0
    if (ref !== '_head') {
      const r = this.rawIndexOf(ref)
      if (r < 0) return -1
      i = r + 1
    }
    // Elements inserted after the same reference with a greater id (and everything after them) come first.
    const elems = this.elems
    while (i < elems.length) {
      const next = elems[i]
      if (!next || compareIds(next, elem) <= 0) break
      i++
    }
    const vis = this.visibleBefore(i)
    elems.splice(i, 0, elem)
    this.hint = i
    // The anchor (raw i, vis) still holds: the new element is at i, counted from i on.
    return vis
  }

  /** Deletes element `id`; returns [visible offset, UTF-16 length], or null when unknown or already deleted. */
  delete(id: string): [number, number] | null {
    const r = this.rawIndexOf(id)
    const e = this.elems[r]
    if (r < 0 || !e || e.deleted) return null
    const vis = this.visibleBefore(r)
    e.deleted = true
    return [vis, e.value.length]
  }

  text(): string {
    let out = ''
    for (const e of this.elems) if (!e.deleted) out += e.value
    return out
  }

  authors(): Uint16Array {
    const out: number[] = []
    for (const e of this.elems) {
      if (e.deleted) continue
      for (let k = 0; k < e.value.length; k++) out.push(e.author)
    }
    return Uint16Array.from(out)
  }
}

interface RootValue {
  id: { counter: number; actor: string }
  /** The text object this value made, if it is one. */
  obj: string | null
  scalar: string | null
}

function field(op: unknown, name: string): unknown {
  return typeof op === 'object' && op !== null ? (op as Record<string, unknown>)[name] : undefined
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function applyEdit(state: { text: string; authors: number[] }, edit: TextEdit): void {
  if (edit.kind === 'reset') {
    state.text = edit.text
    state.authors = Array.from(edit.authors)
    return
  }
  state.text = state.text.slice(0, edit.at) + edit.text + state.text.slice(edit.at + edit.del)
  const inserted = new Array<number>(edit.text.length).fill(edit.author)
  if (inserted.length < 4096) state.authors.splice(edit.at, edit.del, ...inserted)
  else state.authors = state.authors.slice(0, edit.at).concat(inserted, state.authors.slice(edit.at + edit.del))
}

/** Appends `edit` to `edits`, merged with the last one when they touch (typing, a run of deletes). */
function pushEdit(edits: TextEdit[], edit: Extract<TextEdit, { kind: 'splice' }>): void {
  const last = edits[edits.length - 1]
  if (last?.kind === 'splice' && last.author === edit.author) {
    if (edit.del === 0 && last.at + last.text.length === edit.at) {
      last.text += edit.text
      return
    }
    if (edit.text === '' && last.text === '') {
      if (edit.at === last.at) {
        last.del += edit.del
        return
      }
      if (edit.at + edit.del === last.at) {
        last.at = edit.at
        last.del += edit.del
        return
      }
    }
  }
  edits.push(edit)
}

export class CodeTrack {
  /** Actor ids, in the order first seen; `CodeState.authors` holds indices into this. */
  readonly actors: string[] = []
  /** Per change (in replay order): what it did to the visible `source`. */
  private readonly edits: TextEdit[][] = []
  /** `languages[k]`: the language after k changes. */
  private readonly languages: string[] = ['']
  private readonly checkpoints: { text: string; authors: Uint16Array }[] = []
  private last: CodeState | null = null
  readonly changes: readonly ReplayChange[]
  /** heads[k]: the heads after k changes (for `/api/collab/docs/{id}/at?heads=`), as `DocTrack.heads`. */
  readonly heads: string[][]

  constructor(changes: readonly ReplayChange[]) {
    this.changes = changes
    this.heads = prefixHeads(changes)
    const actorIndex = new Map<string, number>()
    const texts = new Map<string, TextSeq>()
    const root = new Map<string, RootValue[]>()
    const winner = (key: string): RootValue | undefined => {
      let best: RootValue | undefined
      for (const value of root.get(key) ?? []) if (!best || compareIds(value.id, best.id) > 0) best = value
      return best
    }
    const objOf = (key: string): string | null => winner(key)?.obj ?? null
    const textOf = (key: string): string => {
      const w = winner(key)
      if (!w) return ''
      if (w.obj) return texts.get(w.obj)?.text() ?? ''
      return w.scalar ?? ''
    }
    const running = { text: '', authors: [] as number[] }
    this.checkpoints.push({ text: '', authors: new Uint16Array(0) })

    changes.forEach((change, index) => {
      let author = actorIndex.get(change.actor)
      if (author === undefined) {
        author = this.actors.length
        actorIndex.set(change.actor, author)
        this.actors.push(change.actor)
      }
      const edits: TextEdit[] = []
      let sourceObj = objOf('source')
      // An object, not a let: the ops callback sets it (TypeScript does not follow assignments in callbacks).
      const touched = { language: false }
      change.ops.forEach((op, j) => {
        const id = { counter: change.startOp + j, actor: change.actor }
        const idStr = `${id.counter}@${id.actor}`
        const action = str(field(op, 'action'))
        const obj = str(field(op, 'obj'))
        if (obj === '_root') {
          const key = str(field(op, 'key'))
          if (key === null) return
          const pred = new Set((field(op, 'pred') as string[] | undefined) ?? [])
          const live = (root.get(key) ?? []).filter((value) => !pred.has(`${value.id.counter}@${value.id.actor}`))
          if (action === 'makeText') {
            texts.set(idStr, new TextSeq())
            live.push({ id, obj: idStr, scalar: null })
          } else if (action !== 'del') {
            live.push({ id, obj: null, scalar: str(field(op, 'value')) })
          }
          root.set(key, live)
          if (key === 'language') touched.language = true
          if (key === 'source') {
            const now = objOf('source')
            if (now !== sourceObj) {
              sourceObj = now
              const seq = now ? texts.get(now) : undefined
              const w = winner('source')
              const text = seq ? seq.text() : (w?.scalar ?? '')
              const authors = seq ? seq.authors() : new Uint16Array(text.length).fill(author)
              edits.push({ kind: 'reset', text, authors })
            }
          }
          return
        }
        const seq = obj ? texts.get(obj) : undefined
        if (!seq || obj === null) return
        if (obj === objOf('language')) touched.language = true
        const elemId = str(field(op, 'elemId'))
        if (elemId === null) return
        if (action === 'set' && field(op, 'insert') === true) {
          const value = str(field(op, 'value')) ?? ''
          const vis = seq.insert(elemId, { id: idStr, counter: id.counter, actor: id.actor, value, deleted: false, author })
          if (obj === sourceObj && vis >= 0 && value !== '') pushEdit(edits, { kind: 'splice', at: vis, del: 0, text: value, author })
        } else if (action === 'del') {
          const gone = seq.delete(elemId)
          if (obj === sourceObj && gone) pushEdit(edits, { kind: 'splice', at: gone[0], del: gone[1], text: '', author })
        }
      })
      this.edits.push(edits)
      this.languages.push(touched.language ? textOf('language') : (this.languages[index] ?? ''))
      for (const edit of edits) applyEdit(running, edit)
      if ((index + 1) % CHECKPOINT === 0) {
        this.checkpoints.push({ text: running.text, authors: Uint16Array.from(running.authors) })
      }
    })
  }

  /** The code after the first `k` changes (clamped). */
  stateAt(k: number): CodeState {
    const index = Math.max(0, Math.min(this.changes.length, Math.floor(k)))
    const last = this.last
    if (last?.index === index) return last
    let from: number
    let state: { text: string; authors: number[] }
    if (last && index > last.index && index - last.index < CHECKPOINT) {
      from = last.index
      state = { text: last.text, authors: Array.from(last.authors) }
    } else {
      const c = Math.floor(index / CHECKPOINT)
      const checkpoint = this.checkpoints[c] ?? { text: '', authors: new Uint16Array(0) }
      from = c * CHECKPOINT
      state = { text: checkpoint.text, authors: Array.from(checkpoint.authors) }
    }
    for (let i = from; i < index; i++) for (const edit of this.edits[i] ?? []) applyEdit(state, edit)
    const result: CodeState = {
      index,
      text: state.text,
      language: this.languages[index] ?? '',
      authors: Uint16Array.from(state.authors),
    }
    this.last = result
    return result
  }
}

/** Runs of one author: what the code view draws as one span each. */
export interface AuthorRun {
  author: number
  text: string
}

export function authorRuns(state: Pick<CodeState, 'text' | 'authors'>): AuthorRun[] {
  const runs: AuthorRun[] = []
  const { text, authors } = state
  let start = 0
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || authors[i] !== authors[start]) {
      if (i > start) runs.push({ author: authors[start] ?? 0, text: text.slice(start, i) })
      start = i
    }
  }
  return runs
}
