/**
 * Binds a Monaco editor's model to a string in an Automerge document (see README.md).
 *
 * Local edits: each Monaco content-change event becomes Automerge splices inside one `handle.change`. Monaco lists
 * an event's changes last to first (its piece tree sorts the edits descending, and every offset counts in the text
 * before the event), so applying them in order is safe.
 * Remote changes: the patches of `handle.on('change')` for our path become `model.applyEdits` calls, which keep the
 * local selections (Monaco recovers them from its tracked ranges); anything we can't translate is diffed.
 * Undo/redo: the model's `undo`/`redo` are replaced, so Ctrl/Cmd+Z, Ctrl+Y, Ctrl/Cmd+Shift+Z, the command palette
 * and `editor.trigger(…, 'undo')` (which all end in `model.undo()`) revert only our own edits (undo.ts).
 */
import type { DocHandle, DocHandleChangePayload } from '@automerge/automerge-repo/slim'
import { splice, type Doc, type Prop } from '@automerge/automerge/slim'
import type * as monaco from 'monaco-editor'

import { EOL_LF, REASON_EXPLICIT } from './monacoEnums'
import { diffText, textAt, toLF, translatePatches, type TextEdit } from './text'
import { UndoStack, caretAfter, recordSplice, revertOps, type EditKind, type RecordedOp } from './undo'

export interface BindingOptions {
  /** Remote changes are still shown; local edits never reach the document (the editor is set readOnly too). */
  readOnly?: boolean
}


type Overridden = 'undo' | 'redo' | 'canUndo' | 'canRedo'

/** Whether `text` is one code point (a typed character; a surrogate pair is two code units). */
function isOneCodePoint(text: string): boolean {
  if (text.length === 1) return true
  if (text.length !== 2) return false
  const high = text.charCodeAt(0)
  const low = text.charCodeAt(1)
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff
}

function classify(changes: readonly monaco.editor.IModelContentChange[]): EditKind {
  if (changes.every((c) => c.rangeLength === 0 && isOneCodePoint(c.text))) return 'insert'
  if (changes.every((c) => c.text === '' && c.rangeLength > 0 && c.rangeLength <= 2)) return 'delete'
  return 'other'
}

export class MonacoAutomergeBinding<T> {
  private readonly model: monaco.editor.ITextModel
  private readonly path: Prop[]
  private readonly readOnly: boolean
  private readonly undoStack = new UndoStack()
  private readonly disposables: monaco.IDisposable[] = []
  private readonly saved = new Map<Overridden, PropertyDescriptor | undefined>()
  /** > 0 while we change the document from a local edit: its change event is ours, not remote. */
  private local = 0
  /** > 0 while we edit the model ourselves (remote changes, repairs): its content events are not local edits. */
  private suppress = 0
  private repairQueued = false
  private disposed = false

  private readonly editor: monaco.editor.ICodeEditor
  private readonly handle: DocHandle<T>

  constructor(editor: monaco.editor.ICodeEditor, handle: DocHandle<T>, path: (string | number)[], options: BindingOptions = {}) {
    this.editor = editor
    this.handle = handle
    const model = editor.getModel()
    if (model === null) throw new Error('MonacoAutomergeBinding: the editor has no model')
    if (!handle.isReady()) throw new Error('MonacoAutomergeBinding: the document handle is not ready')
    this.model = model
    this.path = [...path]
    this.readOnly = options.readOnly ?? false

    this.edit(() => {
      const text = this.shownText()
      if (model.getValue() !== text) model.setValue(text)
      model.setEOL(EOL_LF)
    })

    if (this.docText().includes('\r\n')) this.queueDocLF()
    handle.on('change', this.onDocChange)
    this.disposables.push(
      model.onDidChangeContent(this.onContent),
      model.onWillDispose(() => {
        this.dispose()
      }),
      editor.onDidChangeCursorSelection((e) => {
        if (e.reason === REASON_EXPLICIT) this.undoStack.seal() // typing after a click or cursor key: a new step
      }),
    )
    this.override('undo', () => {
      this.undo()
    })
    this.override('redo', () => {
      this.redo()
    })
    this.override('canUndo', () => this.canUndo)
    this.override('canRedo', () => this.canRedo)
  }

  get canUndo(): boolean {
    return !this.readOnly && this.undoStack.canUndo
  }

  get canRedo(): boolean {
    return !this.readOnly && this.undoStack.canRedo
  }

  onDidChangeUndoState(listener: () => void): { dispose(): void } {
    return this.undoStack.onDidChange(listener)
  }

  /** Reverts our last undo step (only our own edits, wherever they are now). */
  undo(): void {
    this.revert('undo')
  }

  redo(): void {
    this.revert('redo')
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.handle.off('change', this.onDocChange)
    for (const d of this.disposables) d.dispose()
    this.disposables.length = 0
    for (const [name, descriptor] of this.saved) {
      if (descriptor) Object.defineProperty(this.model, name, descriptor)
      else Reflect.deleteProperty(this.model, name)
    }
    this.saved.clear()
    this.undoStack.dispose()
  }

  /** Replaces one of the model's methods on the instance (restored by dispose). */
  private override(name: Overridden, value: () => unknown) {
    this.saved.set(name, Object.getOwnPropertyDescriptor(this.model, name))
    Object.defineProperty(this.model, name, { value, configurable: true, writable: true, enumerable: false })
  }

  private docText(doc: Doc<T> = this.handle.doc()): string {
    return textAt(doc, this.path) ?? ''
  }

  /** The document's text as the (LF) model shows it: a lone CR is a line break of the same length. */
  private shownText(doc: Doc<T> = this.handle.doc()): string {
    const text = this.docText(doc)
    return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text
  }

  /** Runs `fn`, which edits the model, without taking its content events for local edits. */
  private edit(fn: () => void) {
    this.suppress++
    try {
      fn()
    } finally {
      this.suppress--
    }
  }

  private readonly onContent = (event: monaco.editor.IModelContentChangedEvent) => {
    if (this.suppress > 0 || this.disposed) return
    if (event.isEolChange || this.readOnly) {
      // Someone set CRLF (the text itself is unchanged), or a read-only edit: put the model back as the doc has it.
      this.queueRepair()
      return
    }
    const before = this.handle.doc()
    const beforeText = this.docText(before)
    const time = Date.now()
    let repair = false
    let kind: EditKind = 'other'
    let edits: TextEdit[]
    if (event.isFlush) {
      // setValue: the whole text replaced; write only what differs.
      const value = this.model.getValue()
      const lf = toLF(value)
      repair = lf !== value
      edits = diffText(beforeText, lf).reverse()
    } else {
      edits = event.changes.map((c) => {
        const text = toLF(c.text)
        if (text !== c.text) repair = true
        return { offset: c.rangeOffset, deleteCount: c.rangeLength, insert: text }
      })
      // Monaco already orders them last to first; keep that order for ties (sort is stable).
      edits.sort((a, b) => b.offset - a.offset)
      kind = classify(event.changes)
    }
    edits = edits.filter((e) => e.deleteCount > 0 || e.insert !== '')
    if (edits.length === 0) {
      if (repair) this.queueRepair()
      return
    }

    const merge = this.shouldMerge(before, kind, edits, time)
    const ops: RecordedOp[] = []
    this.local++
    try {
      this.handle.change((doc) => {
        this.ensureText(doc)
        // Edits are descending and don't overlap, so each one's removed text is read from the text before them all.
        for (const e of edits) ops.push(recordSplice(doc as Doc<T>, this.path, beforeText, e.offset, e.deleteCount, e.insert))
      })
    } finally {
      this.local--
    }
    this.undoStack.push(ops, kind, edits.length, time, merge)
    if (repair) this.queueRepair()
  }

  /** Whether this edit continues the typing (or deleting) of the top undo step, right where it left off. */
  private shouldMerge(before: Doc<T>, kind: EditKind, edits: readonly TextEdit[], time: number): boolean {
    const last = this.undoStack.mergeCandidate(kind, edits.length, time)
    if (last === null) return false
    if (edits.length > 1) return true // multi-cursor typing: the cursors move together
    const edit = edits[0]
    const caret = caretAfter(before, this.path, last)
    if (edit === undefined || caret === null) return false
    if (kind === 'insert') return edit.offset === caret
    return edit.offset + edit.deleteCount === caret || edit.offset === caret
  }

  /** Creates the string at our path when the document doesn't have it yet. */
  private ensureText(doc: Doc<T>) {
    if (textAt(doc, this.path) !== undefined) return
    let parent: unknown = doc
    for (const key of this.path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break
      parent = (parent as Record<Prop, unknown>)[key]
    }
    const key = this.path[this.path.length - 1]
    if (parent === null || typeof parent !== 'object' || key === undefined) {
      throw new Error(`MonacoAutomergeBinding: no object to hold ${JSON.stringify(this.path)}`)
    }
    ;(parent as Record<Prop, unknown>)[key] = ''
  }

  private readonly onDocChange = ({ patches, doc }: DocHandleChangePayload<T>) => {
    if (this.local > 0 || this.disposed) return
    const translation = translatePatches(patches, this.path)
    if (!translation.touched) return
    if (translation.replaced) this.undoStack.clear() // the old characters (and our cursors into them) are gone
    const target = this.shownText(doc)
    if (this.docText(doc).includes('\r\n')) this.queueDocLF()
    this.edit(() => {
      if (translation.edits !== null && !translation.replaced) {
        for (const e of translation.edits) this.applyToModel([e])
      }
      if (this.model.getValue() !== target) this.applyToModel(diffText(this.model.getValue(), target))
    })
  }

  /** Applies edits (offsets in the model's current text, non-overlapping) in one `applyEdits`. */
  private applyToModel(edits: readonly TextEdit[]) {
    if (edits.length === 0) return
    const length = this.model.getValueLength()
    const operations = edits.map((e) => {
      const start = this.model.getPositionAt(Math.min(e.offset, length))
      const end = this.model.getPositionAt(Math.min(e.offset + e.deleteCount, length))
      return {
        range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
        text: e.insert,
      }
    })
    this.model.applyEdits(operations)
  }

  private queueRepair() {
    if (this.repairQueued) return
    this.repairQueued = true
    queueMicrotask(() => {
      this.repairQueued = false
      if (this.disposed) return
      this.edit(() => {
        if (this.model.getEOL() !== '\n') this.model.setEOL(EOL_LF)
        const text = this.shownText()
        if (this.model.getValue() !== text) this.applyToModel(diffText(this.model.getValue(), text))
      })
    })
  }

  /**
   * Rewrites CRLF in the document as LF (someone outside a browser wrote it; Monaco would show LF and the offsets
   * would drift) by deleting the CRs: concurrent fixes by several participants delete the same CRs, which is
   * harmless. A lone CR stays (replacing it would not be idempotent); Monaco shows it as a line break of the same
   * length, so offsets still line up.
   */
  private queueDocLF() {
    if (this.readOnly) return
    queueMicrotask(() => {
      if (this.disposed) return
      const text = this.docText()
      if (!text.includes('\r\n')) return
      this.local++ // the model already shows LF: don't replay these splices onto it
      try {
        this.handle.change((doc) => {
          for (let i = text.length - 1; i >= 0; i--) {
            if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) splice(doc as Doc<T>, [...this.path], i, 1)
          }
        })
      } finally {
        this.local--
      }
      this.queueRepair()
    })
  }

  private revert(which: 'undo' | 'redo') {
    if (this.readOnly || this.disposed) return
    for (;;) {
      const ops = this.undoStack.take(which)
      if (ops === null) return
      let produced: RecordedOp[] = []
      // Not a local change: our change listener applies it to the model like a remote one.
      this.handle.change((doc) => {
        produced = revertOps(doc as Doc<T>, this.path, ops)
      })
      if (produced.length === 0) continue // everything it touched is gone already: try the step before
      this.undoStack.pushReverted(which, produced, Date.now())
      const last = produced[produced.length - 1]
      const caret = last ? caretAfter(this.handle.doc(), this.path, last) : null
      if (caret !== null) {
        const position = this.model.getPositionAt(caret)
        this.editor.setPosition(position)
        this.editor.revealPositionInCenterIfOutsideViewport(position)
      }
      return
    }
  }
}
