/**
 * Pure text helpers for the Monaco ⇄ Automerge binding: line endings, a minimal diff that never splits a UTF-16
 * surrogate pair, and the conversion of Automerge patches into plain text edits. Offsets are UTF-16 code units
 * everywhere (Monaco's offsets and Automerge's JS text indices are both UTF-16).
 */
import type { Patch, Prop } from '@automerge/automerge/slim'

/** `text` with every CRLF and lone CR turned into LF (the documents always hold LF). */
export function toLF(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/** Replace `deleteCount` code units at `offset` with `insert`. */
export interface TextEdit {
  offset: number
  deleteCount: number
  insert: string
}

/** Applies `edits` one after another (each offset counts in the text left by the edits before it). */
export function applySequential(text: string, edits: readonly TextEdit[]): string {
  let out = text
  for (const e of edits) out = out.slice(0, e.offset) + e.insert + out.slice(e.offset + e.deleteCount)
  return out
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** Splits `text` into code points (a surrogate pair is one token; a lone surrogate is its own token). */
function tokens(text: string): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isHigh(code) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      out.push(text.slice(i, i + 2))
      i++
    } else {
      out.push(text.charAt(i))
    }
  }
  return out
}

/** One run of a diff: `equal` text kept, or text only in `a` (deleted) or only in `b` (inserted). */
export interface DiffRun {
  kind: 'equal' | 'delete' | 'insert'
  text: string
}

/** Beyond this many differences Myers' search stops and the middle is replaced as a whole. */
const MAX_DIFF_COST = 1000

/**
 * Myers' O(ND) diff over code points (so a surrogate pair is never split). Runs are in order; adjacent runs of the
 * same kind are merged. When the texts differ in more than MAX_DIFF_COST places the middle (after the common
 * prefix and suffix) is one delete plus one insert.
 */
export function diffRuns(a: string, b: string): DiffRun[] {
  // Common prefix and suffix on code units, then pulled back so they never end inside a surrogate pair.
  let prefix = 0
  const minLen = Math.min(a.length, b.length)
  while (prefix < minLen && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++
  if (prefix > 0 && prefix < a.length + 1 && isHigh(a.charCodeAt(prefix - 1))) prefix--
  let suffix = 0
  while (
    suffix < minLen - prefix &&
    a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)
  ) {
    suffix++
  }
  if (suffix > 0 && isLow(a.charCodeAt(a.length - suffix))) suffix--

  const runs: DiffRun[] = []
  const push = (kind: DiffRun['kind'], text: string) => {
    if (text === '') return
    const last = runs[runs.length - 1]
    if (last?.kind === kind) last.text += text
    else runs.push({ kind, text })
  }
  push('equal', a.slice(0, prefix))
  const aMid = a.slice(prefix, a.length - suffix)
  const bMid = b.slice(prefix, b.length - suffix)
  if (aMid === '' || bMid === '') {
    push('delete', aMid)
    push('insert', bMid)
  } else {
    const middle = myers(tokens(aMid), tokens(bMid))
    if (middle === null) {
      push('delete', aMid)
      push('insert', bMid)
    } else {
      for (const run of middle) push(run.kind, run.text)
    }
  }
  push('equal', a.slice(a.length - suffix))
  return runs
}

/** Myers' greedy diff with a trace of only the needed diagonals; null when the cost exceeds MAX_DIFF_COST. */
function myers(a: string[], b: string[]): DiffRun[] | null {
  const n = a.length
  const m = b.length
  const max = Math.min(n + m, MAX_DIFF_COST)
  // v[k + offset] = furthest x on diagonal k.
  const offset = max + 1
  const v = new Int32Array(2 * max + 3)
  const trace: Int32Array[] = []
  let found = -1
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    // In place: round d writes diagonals of d's parity and reads only the other parity.
    for (let k = -d; k <= d; k += 2) {
      let x: number
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) {
        x = v[offset + k + 1] ?? 0
      } else {
        x = (v[offset + k - 1] ?? 0) + 1
      }
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = d
        break
      }
    }
    if (found >= 0) break
  }
  if (found < 0) return null

  // Walk back through the trace. trace[d] holds v before step d, for diagonals -d-1 … d+1.
  const reversed: DiffRun[] = []
  const add = (kind: DiffRun['kind'], text: string) => {
    const last = reversed[reversed.length - 1]
    if (last?.kind === kind) last.text = text + last.text
    else reversed.push({ kind, text })
  }
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const before = trace[d]
    if (before === undefined) return null
    const at = (k: number) => before[k + d + 1] ?? 0
    const k = x - y
    let prevK: number
    if (k === -d || (k !== d && at(k - 1) < at(k + 1))) prevK = k + 1
    else prevK = k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      add('equal', a[x - 1] ?? '')
      x--
      y--
    }
    if (x === prevX) add('insert', b[prevY] ?? '')
    else add('delete', a[prevX] ?? '')
    x = prevX
    y = prevY
  }
  while (x > 0 && y > 0) {
    add('equal', a[x - 1] ?? '')
    x--
    y--
  }
  return reversed.reverse()
}

/**
 * The edits that turn `a` into `b`, as offsets into `a`, ascending and non-overlapping (apply them last to first,
 * or all at once as Monaco's applyEdits does).
 */
export function diffText(a: string, b: string): TextEdit[] {
  if (a === b) return []
  const edits: TextEdit[] = []
  let offset = 0
  let current: TextEdit | null = null
  for (const run of diffRuns(a, b)) {
    if (run.kind === 'equal') {
      if (current) edits.push(current)
      current = null
      offset += run.text.length
      continue
    }
    current ??= { offset, deleteCount: 0, insert: '' }
    if (run.kind === 'delete') {
      current.deleteCount += run.text.length
      offset += run.text.length
    } else {
      current.insert += run.text
    }
  }
  if (current) edits.push(current)
  return edits
}

/** What the patches of one document change mean for the text at a path. */
export interface PatchTranslation {
  /** Whether any patch concerns the text (or one of its ancestors). */
  touched: boolean
  /** The whole string was replaced (put, delete, or an ancestor replaced): its old history no longer applies. */
  replaced: boolean
  /** Sequential edits, or null when a patch had a shape we don't translate (then diff old against new text). */
  edits: TextEdit[] | null
}

function startsWith(long: readonly Prop[], short: readonly Prop[]): boolean {
  if (long.length < short.length) return false
  for (let i = 0; i < short.length; i++) if (long[i] !== short[i]) return false
  return true
}

/**
 * Translates Automerge patches (in order; each index counts after the patches before it) into text edits on the
 * string at `path`. Splices and deletions inside the string become edits; a put of the string itself (the whole
 * text replaced, as a server-side reset does) becomes a replacement of everything; anything else that touches the
 * string or an ancestor (a replaced parent, list inserts, conflicts) gives `edits: null`.
 */
export function translatePatches(patches: readonly Patch[], path: readonly Prop[]): PatchTranslation {
  const result: PatchTranslation = { touched: false, replaced: false, edits: [] }
  for (const patch of patches) {
    const p = patch.path
    if (!startsWith(p, path) && !startsWith(path, p)) continue
    result.touched = true
    if (p.length < path.length) {
      // An ancestor changed (e.g. the parent map replaced): could be anything.
      result.replaced = true
      result.edits = null
      continue
    }
    if (result.edits === null) continue
    if (p.length === path.length) {
      if (patch.action === 'put') {
        result.replaced = true
        if (typeof patch.value === 'string') {
          result.edits.push({ offset: 0, deleteCount: Number.MAX_SAFE_INTEGER, insert: patch.value })
        } else {
          result.edits = null
        }
      } else if (patch.action === 'del') {
        result.replaced = true
        result.edits.push({ offset: 0, deleteCount: Number.MAX_SAFE_INTEGER, insert: '' })
      } else if (patch.action === 'mark' || patch.action === 'unmark') {
        // Formatting marks don't change the text.
      } else {
        result.edits = null
      }
      continue
    }
    const index = p[path.length]
    if (p.length !== path.length + 1 || typeof index !== 'number') {
      result.edits = null
      continue
    }
    if (patch.action === 'splice') {
      result.edits.push({ offset: index, deleteCount: 0, insert: patch.value })
    } else if (patch.action === 'del') {
      const count = patch.length ?? 1
      result.edits.push({ offset: index, deleteCount: count, insert: '' })
    } else {
      result.edits = null
    }
  }
  return result
}

/** The string at `path` in a document (or a mutable one inside a change), undefined when it is not a string. */
export function textAt(doc: unknown, path: readonly Prop[]): string | undefined {
  let node: unknown = doc
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  return typeof node === 'string' ? node : undefined
}
