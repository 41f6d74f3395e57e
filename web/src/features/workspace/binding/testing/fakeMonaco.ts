/**
 * A small stand-in for Monaco's editor and text model (Monaco can't run in jsdom), following Monaco 0.57's real
 * semantics for what the binding uses (read from node_modules/monaco-editor/esm):
 * - offsets and columns in UTF-16 code units; positions are clamped like `validatePosition`;
 * - `applyEdits` takes ranges in the text before the call, rejects overlapping ones, turns the inserted text's
 *   line breaks into the model's EOL, applies the edits last to first and reports `changes` in that order
 *   (pieceTreeTextBuffer.ts `_doApplyEdits`), each offset counting in the text before the call;
 * - selections follow text edits like Monaco's tracked ranges (AlwaysGrowsWhenTypingAtEdges), and a collapsed
 *   cursor that would become a selection is collapsed to its end (oneCursor.ts `readSelectionFromMarkers`);
 *   that happens before `onDidChangeContent` listeners run, as in Monaco;
 * - `setValue` fires a flush event and `setEOL` an EOL-change event, both as one whole-range change;
 * - the 'undo'/'redo' commands (keybindings, palette, `trigger`) call `model.undo()`/`model.redo()` unless the
 *   editor is read-only (coreCommands.ts `CoreEditingCommands.Undo`).
 */
import type * as monaco from 'monaco-editor'

type Listener<E> = (event: E) => void

class Emitter<E> {
  private readonly listeners = new Set<Listener<E>>()
  readonly event = (listener: Listener<E>): monaco.IDisposable => {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }
  fire(event: E) {
    for (const listener of [...this.listeners]) listener(event)
  }
  get size() {
    return this.listeners.size
  }
}

export interface OffsetSelection {
  anchor: number
  head: number
}

export interface RawEdit {
  start: number
  end: number
  text: string
}

export interface FakeContentChange {
  range: monaco.IRange
  rangeOffset: number
  rangeLength: number
  text: string
}

export interface FakeContentEvent {
  changes: FakeContentChange[]
  eol: string
  versionId: number
  isUndoing: boolean
  isRedoing: boolean
  isFlush: boolean
  isEolChange: boolean
}

export class FakeModel {
  private text = ''
  private eol: '\n' | '\r\n' = '\n'
  private version = 1
  private lineStarts: number[] = [0]
  readonly contentEmitter = new Emitter<FakeContentEvent>()
  private readonly willDispose = new Emitter<undefined>()
  /** Editors whose cursors follow edits (before content listeners run). */
  readonly editors = new Set<FakeEditor>()
  nativeUndoCalls = 0
  nativeRedoCalls = 0

  constructor(text = '', eol: '\n' | '\r\n' = '\n') {
    this.eol = eol
    this.setText(text)
  }

  private setText(text: string) {
    this.text = text
    this.lineStarts = [0]
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        this.lineStarts.push(i + 2)
        i++
      } else if (c === 10 || c === 13) {
        this.lineStarts.push(i + 1)
      }
    }
  }

  readonly onDidChangeContent = this.contentEmitter.event
  readonly onWillDispose = this.willDispose.event

  getValue(): string {
    return this.text
  }

  getValueLength(): number {
    return this.text.length
  }

  getEOL(): string {
    return this.eol
  }

  getLineCount(): number {
    return this.lineStarts.length
  }

  getVersionId(): number {
    return this.version
  }

  private lineLength(line: number): number {
    const start = this.lineStarts[line - 1] ?? 0
    const next = this.lineStarts[line]
    if (next === undefined) return this.text.length - start
    let end = next
    if (this.text.charCodeAt(end - 1) === 10) end--
    if (this.text.charCodeAt(end - 1) === 13) end--
    return end - start
  }

  getOffsetAt(position: monaco.IPosition): number {
    const line = Math.min(Math.max(Math.floor(position.lineNumber), 1), this.lineStarts.length)
    const column = Math.min(Math.max(Math.floor(position.column), 1), this.lineLength(line) + 1)
    return (this.lineStarts[line - 1] ?? 0) + column - 1
  }

  getPositionAt(offset: number): monaco.IPosition & { lineNumber: number; column: number } {
    const o = Math.min(Math.max(Math.floor(offset), 0), this.text.length)
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid
      else hi = mid - 1
    }
    const line = lo + 1
    const column = Math.min(o - (this.lineStarts[lo] ?? 0), this.lineLength(line)) + 1
    return { lineNumber: line, column }
  }

  private rangeOf(start: number, end: number): monaco.IRange {
    const s = this.getPositionAt(start)
    const e = this.getPositionAt(end)
    return { startLineNumber: s.lineNumber, startColumn: s.column, endLineNumber: e.lineNumber, endColumn: e.column }
  }

  private normalise(text: string): string {
    return text.replace(/\r\n|\r|\n/g, this.eol)
  }

  applyEdits(operations: readonly monaco.editor.IIdentifiedSingleEditOperation[]): void {
    const ops = operations.map((op, index) => {
      const start = this.getOffsetAt({ lineNumber: op.range.startLineNumber, column: op.range.startColumn })
      const end = this.getOffsetAt({ lineNumber: op.range.endLineNumber, column: op.range.endColumn })
      return { start: Math.min(start, end), end: Math.max(start, end), text: this.normalise(op.text ?? ''), index }
    })
    this.applyRaw(ops)
  }

  /** applyEdits by offsets. */
  applyRaw(edits: readonly (RawEdit & { index?: number })[]) {
    const ops = edits.map((e, i) => ({ ...e, text: this.normalise(e.text), index: e.index ?? i }))
    ops.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index)
    for (let i = 0; i + 1 < ops.length; i++) {
      const a = ops[i]
      const b = ops[i + 1]
      if (a && b && b.start < a.end) throw new Error('Overlapping ranges are not allowed!')
    }
    // Last to first (ties: the later operation first), as _sortOpsDescending.
    ops.sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index)
    const changes: FakeContentChange[] = []
    for (const op of ops) {
      if (op.start === op.end && op.text === '') continue
      const range = this.rangeOf(op.start, op.end)
      this.setText(this.text.slice(0, op.start) + op.text + this.text.slice(op.end))
      for (const editor of this.editors) editor.acceptEdit(op.start, op.end - op.start, op.text.length)
      changes.push({ range, rangeOffset: op.start, rangeLength: op.end - op.start, text: op.text })
    }
    if (changes.length === 0) return
    this.version++
    for (const editor of this.editors) editor.recoverFromMarkers()
    this.contentEmitter.fire({ changes, eol: this.eol, versionId: this.version, isUndoing: false, isRedoing: false, isFlush: false, isEolChange: false })
  }

  setValue(value: string) {
    const oldLength = this.text.length
    const range = this.rangeOf(0, oldLength)
    if (value.includes('\r\n')) this.eol = '\r\n'
    else if (value.includes('\n')) this.eol = '\n'
    this.setText(value)
    this.version++
    for (const editor of this.editors) editor.resetSelection()
    this.contentEmitter.fire({
      changes: [{ range, rangeOffset: 0, rangeLength: oldLength, text: value }],
      eol: this.eol,
      versionId: this.version,
      isUndoing: false,
      isRedoing: false,
      isFlush: true,
      isEolChange: false,
    })
  }

  /** 0 = LF, 1 = CRLF (monaco.editor.EndOfLineSequence). */
  setEOL(eol: number) {
    const next = eol === 1 ? '\r\n' : '\n'
    if (next === this.eol) return
    const oldLength = this.text.length
    const range = this.rangeOf(0, oldLength)
    const positions = [...this.editors].map((e) => e.selectionPositions())
    this.eol = next
    this.setText(this.text.replace(/\r\n|\r|\n/g, next))
    this.version++
    ;[...this.editors].forEach((e, i) => {
      e.restorePositions(positions[i] ?? [])
    })
    this.contentEmitter.fire({
      changes: [{ range, rangeOffset: 0, rangeLength: oldLength, text: this.text }],
      eol: this.eol,
      versionId: this.version,
      isUndoing: false,
      isRedoing: false,
      isFlush: false,
      isEolChange: true,
    })
  }

  // Monaco's own undo stack (the binding must replace these).
  undo(): void {
    this.nativeUndoCalls++
  }

  redo(): void {
    this.nativeRedoCalls++
  }

  canUndo(): boolean {
    return true
  }

  canRedo(): boolean {
    return true
  }

  dispose() {
    this.willDispose.fire(undefined)
  }

  get contentListenerCount() {
    return this.contentEmitter.size
  }
}

export interface FakeDecoration {
  range: monaco.IRange
  options: monaco.editor.IModelDecorationOptions
}

interface SelectionEvent {
  selection: monaco.Selection
  reason: number
  source: string
}

export class FakeEditor {
  private selections: OffsetSelection[] = [{ anchor: 0, head: 0 }]
  private readonly selectionEmitter = new Emitter<SelectionEvent>()
  readonly onDidChangeCursorSelection = this.selectionEmitter.event
  readonly collections: { decorations: FakeDecoration[]; cleared: boolean }[] = []
  readonly widgets = new Map<string, monaco.editor.IContentWidget>()
  readOnly = false
  /** Marker state during an applyEdits: [start, end] per selection and whether it was collapsed. */
  private markers: { start: number; end: number; empty: boolean; reversed: boolean }[] | null = null

  readonly model: FakeModel

  constructor(model: FakeModel) {
    this.model = model
    model.editors.add(this)
  }

  getModel(): FakeModel {
    return this.model
  }

  // --- cursor tracking (Monaco: tracked ranges, AlwaysGrowsWhenTypingAtEdges) ---
  acceptEdit(offset: number, deleted: number, inserted: number) {
    this.markers ??= this.selections.map((s) => ({
      start: Math.min(s.anchor, s.head),
      end: Math.max(s.anchor, s.head),
      empty: s.anchor === s.head,
      reversed: s.head < s.anchor,
    }))
    const endOfDeletion = offset + deleted
    const delta = inserted - deleted
    for (const m of this.markers) {
      // start: sticks before text typed at it; end: grows over text typed at it.
      if (m.start > endOfDeletion) m.start += delta
      else if (m.start > offset) m.start = offset
      if (m.end > endOfDeletion) m.end += delta
      else if (m.end >= offset) m.end = offset + inserted
    }
  }

  recoverFromMarkers() {
    if (this.markers === null) return
    this.selections = this.markers.map((m) => {
      if (m.empty) return { anchor: m.end, head: m.end } // readSelectionFromMarkers: collapseToEnd
      return m.reversed ? { anchor: m.end, head: m.start } : { anchor: m.start, head: m.end }
    })
    this.markers = null
    this.fireSelection(2, 'modelChange') // RecoverFromMarkers
  }

  resetSelection() {
    this.selections = [{ anchor: 0, head: 0 }]
    this.fireSelection(1, 'modelChange') // ContentFlush
  }

  selectionPositions(): { anchor: monaco.IPosition; head: monaco.IPosition }[] {
    return this.selections.map((s) => ({ anchor: this.model.getPositionAt(s.anchor), head: this.model.getPositionAt(s.head) }))
  }

  restorePositions(positions: { anchor: monaco.IPosition; head: monaco.IPosition }[]) {
    this.selections = positions.map((p) => ({ anchor: this.model.getOffsetAt(p.anchor), head: this.model.getOffsetAt(p.head) }))
  }

  private toSelection(s: OffsetSelection): monaco.Selection {
    const a = this.model.getPositionAt(s.anchor)
    const h = this.model.getPositionAt(s.head)
    const [start, end] = s.anchor <= s.head ? [a, h] : [h, a]
    return {
      selectionStartLineNumber: a.lineNumber,
      selectionStartColumn: a.column,
      positionLineNumber: h.lineNumber,
      positionColumn: h.column,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
    } as unknown as monaco.Selection
  }

  private fireSelection(reason: number, source: string) {
    const first = this.selections[0]
    if (first) this.selectionEmitter.fire({ selection: this.toSelection(first), reason, source })
  }

  getSelection(): monaco.Selection | null {
    const first = this.selections[0]
    return first ? this.toSelection(first) : null
  }

  /** Selections as offsets (the test's view). */
  getOffsetSelections(): OffsetSelection[] {
    return this.selections.map((s) => ({ ...s }))
  }

  /** A user moving the caret or selecting (mouse or keys): CursorChangeReason.Explicit. */
  select(selections: OffsetSelection[]) {
    const length = this.model.getValueLength()
    const clamp = (n: number) => Math.min(Math.max(n, 0), length)
    this.selections = selections.map((s) => ({ anchor: clamp(s.anchor), head: clamp(s.head) }))
    this.fireSelection(3, 'mouse')
  }

  setPosition(position: monaco.IPosition) {
    const offset = this.model.getOffsetAt(position)
    this.selections = [{ anchor: offset, head: offset }]
    this.fireSelection(0, 'api')
  }

  revealPositionInCenterIfOutsideViewport() {
    // nothing to scroll
  }

  // --- user editing, as Monaco's cursor does it: one applyEdits per gesture, then carets after the edits ---
  private userEdit(edits: RawEdit[], reason: number) {
    if (this.readOnly) return
    this.model.applyRaw(edits)
    this.selections = this.selections.map((s) => {
      const end = Math.max(s.anchor, s.head)
      return { anchor: end, head: end }
    })
    this.fireSelection(reason, 'keyboard')
  }

  /** Types `text` at every cursor (replacing selections). */
  type(text: string) {
    this.userEdit(this.selections.map((s) => ({ start: Math.min(s.anchor, s.head), end: Math.max(s.anchor, s.head), text })), 0)
  }

  /** Pastes `text` at every cursor (CursorChangeReason.Paste). */
  paste(text: string) {
    this.userEdit(this.selections.map((s) => ({ start: Math.min(s.anchor, s.head), end: Math.max(s.anchor, s.head), text })), 4)
  }

  /** Backspace at every cursor: the selection, or the code point before the caret. */
  backspace() {
    const value = this.model.getValue()
    const edits: RawEdit[] = []
    for (const s of this.selections) {
      const start = Math.min(s.anchor, s.head)
      const end = Math.max(s.anchor, s.head)
      if (start !== end) edits.push({ start, end, text: '' })
      else if (start > 0) {
        const low = value.charCodeAt(start - 1)
        const pair = low >= 0xdc00 && low <= 0xdfff && start > 1
        edits.push({ start: start - (pair ? 2 : 1), end: start, text: '' })
      }
    }
    this.userEdit(edits, 0)
  }

  /** The 'undo'/'redo' commands, as keybindings, the palette and `editor.trigger(…, 'undo')` run them. */
  trigger(_source: string, handlerId: string) {
    if (this.readOnly) return
    if (handlerId === 'undo') this.model.undo()
    if (handlerId === 'redo') this.model.redo()
  }

  // --- decorations and widgets ---
  createDecorationsCollection(decorations: monaco.editor.IModelDeltaDecoration[] = []): monaco.editor.IEditorDecorationsCollection {
    const entry = { decorations: decorations.map((d) => ({ range: d.range, options: d.options })), cleared: false }
    this.collections.push(entry)
    const collection = {
      length: 0,
      set: (next: readonly monaco.editor.IModelDeltaDecoration[]) => {
        entry.decorations = next.map((d) => ({ range: d.range, options: d.options }))
        entry.cleared = false
        return []
      },
      clear: () => {
        entry.decorations = []
        entry.cleared = true
      },
    }
    return collection as unknown as monaco.editor.IEditorDecorationsCollection
  }

  /** Every decoration currently set. */
  get decorations(): FakeDecoration[] {
    return this.collections.flatMap((c) => c.decorations)
  }

  addContentWidget(widget: monaco.editor.IContentWidget) {
    this.widgets.set(widget.getId(), widget)
  }

  layoutContentWidget() {
    // positions are read from the widget when the test asks
  }

  removeContentWidget(widget: monaco.editor.IContentWidget) {
    this.widgets.delete(widget.getId())
  }

  get selectionListenerCount() {
    return this.selectionEmitter.size
  }

  /** Typed as Monaco's editor for the code under test. */
  asMonaco(): monaco.editor.ICodeEditor {
    return this as unknown as monaco.editor.ICodeEditor
  }
}

/** An editor on a fresh model. */
export function fakeEditor(text = ''): FakeEditor {
  return new FakeEditor(new FakeModel(text))
}
