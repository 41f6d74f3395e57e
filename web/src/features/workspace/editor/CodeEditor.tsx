import type { Doc, DocHandle } from '@automerge/automerge-repo/slim'
import { useEffect, useRef, useState } from 'react'

import { useTheme } from '@/features/theme/useTheme'

import { placeAll } from '../annotations'
import { MonacoAutomergeBinding } from '../binding/binding'
import { RemoteCursors, type PresenceUser } from '../binding/presence'
import type { CodeDoc, Language, NotesDoc } from '../schema'
import { monaco } from './monaco'
import './editor.css'

/** What the toolbar around the editor needs from it. */
export interface EditorApi {
  undo: () => void
  redo: () => void
  canUndo: boolean
  canRedo: boolean
  /** The selection as UTF-16 offsets of the source, null when nothing is selected. */
  selection: { start: number; end: number } | null
  peers: PresenceUser[]
  /** Scrolls to and selects [start, end). */
  reveal: (start: number, end: number) => void
}

export interface CodeEditorProps {
  handle: DocHandle<CodeDoc>
  language: Language
  /** The interviewers' notes (annotations shown as highlights and gutter marks); undefined for the candidate. */
  notes: Doc<NotesDoc> | undefined
  code: Doc<CodeDoc>
  me: PresenceUser
  readOnly: boolean
  /** A paste of this many characters (the candidate's page reports large ones). */
  onPaste?: (chars: number) => void
  onApi: (api: EditorApi | null) => void
}

/** Monaco bound to the code document's `source` (the binding: `../binding`). Lazy: Monaco loads with this module. */
export default function CodeEditor({ handle, language, notes, code, me, readOnly, onPaste, onApi }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null)
  const { resolved } = useTheme()
  const theme = resolved === 'dark' ? 'vs-dark' : 'vs'
  // The first values only: later ones arrive through the effects below.
  const initial = useRef({ theme, language, readOnly })

  useEffect(() => {
    if (!host.current) return
    const model = monaco.editor.createModel('', initial.current.language)
    model.setEOL(monaco.editor.EndOfLineSequence.LF)
    const created = monaco.editor.create(host.current, {
      model,
      theme: initial.current.theme,
      readOnly: initial.current.readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      tabSize: 4,
      scrollBeyondLastLine: false,
      glyphMargin: true,
      fixedOverflowWidgets: true,
      ariaLabel: 'Code editor',
      padding: { top: 8 },
    })
    setEditor(created)
    return () => {
      created.dispose()
      model.dispose()
      setEditor(null)
    }
  }, [])

  // The binding and the others' cursors live as long as the editor and the document handle.
  const [binding, setBinding] = useState<MonacoAutomergeBinding<CodeDoc> | null>(null)
  const [cursors, setCursors] = useState<RemoteCursors<CodeDoc> | null>(null)
  useEffect(() => {
    if (!editor) return
    editor.getModel()?.setValue(handle.doc().source)
    const b = new MonacoAutomergeBinding(editor, handle, ['source'], { readOnly })
    const c = new RemoteCursors(editor, handle, ['source'], me)
    setBinding(b)
    setCursors(c)
    return () => {
      b.dispose()
      c.dispose()
      setBinding(null)
      setCursors(null)
    }
  }, [editor, handle, readOnly, me])

  useEffect(() => {
    monaco.editor.setTheme(theme)
  }, [theme])
  useEffect(() => {
    const model = editor?.getModel()
    if (model) monaco.editor.setModelLanguage(model, language)
  }, [editor, language])
  useEffect(() => {
    editor?.updateOptions({ readOnly, readOnlyMessage: { value: 'You are reviewing this interview: the code is read-only.' } })
  }, [editor, readOnly])

  useEffect(() => {
    if (!editor || !onPaste) return
    const sub = editor.onDidPaste((event) => {
      const model = editor.getModel()
      if (model) onPaste(model.getValueLengthInRange(event.range))
    })
    return () => {
      sub.dispose()
    }
  }, [editor, onPaste])

  // The toolbar's view of the editor: undo state, selection and who else is here.
  const [version, setVersion] = useState(0)
  useEffect(() => {
    if (!editor || !binding || !cursors) return
    const bump = () => {
      setVersion((v) => v + 1)
    }
    const subs = [binding.onDidChangeUndoState(bump), cursors.onDidChangePeers(bump), editor.onDidChangeCursorSelection(bump)]
    return () => {
      for (const sub of subs) sub.dispose()
    }
  }, [editor, binding, cursors])
  useEffect(() => {
    if (!editor || !binding || !cursors) {
      onApi(null)
      return
    }
    const model = editor.getModel()
    const sel = editor.getSelection()
    let selection: EditorApi['selection'] = null
    if (model && sel && !sel.isEmpty()) {
      const a = model.getOffsetAt(sel.getStartPosition())
      const b = model.getOffsetAt(sel.getEndPosition())
      selection = { start: a, end: b }
    }
    onApi({
      undo: () => {
        binding.undo()
        editor.focus()
      },
      redo: () => {
        binding.redo()
        editor.focus()
      },
      canUndo: binding.canUndo,
      canRedo: binding.canRedo,
      selection,
      peers: cursors.peers,
      reveal: (start, end) => {
        const m = editor.getModel()
        if (!m) return
        const range = monaco.Range.fromPositions(m.getPositionAt(start), m.getPositionAt(end))
        editor.setSelection(range)
        editor.revealRangeInCenter(range)
        editor.focus()
      },
    })
  }, [editor, binding, cursors, version, onApi])

  // Interviewers' annotations: a highlight over the code, a mark in the gutter, the remark on hover.
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null)
  useEffect(() => {
    if (!editor) return
    decorations.current ??= editor.createDecorationsCollection()
    const model = editor.getModel()
    if (!model) return
    const placed = placeAll(code, notes).filter((p) => p.end <= model.getValueLength())
    decorations.current.set(
      placed.map((p) => ({
        range: monaco.Range.fromPositions(model.getPositionAt(p.start), model.getPositionAt(p.end)),
        options: {
          className: 'ip-annotation',
          linesDecorationsClassName: 'ip-annotation-gutter',
          hoverMessage: { value: `**${p.annotation.authorName || 'Interviewer'}:** ${p.annotation.text}` },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      })),
    )
  }, [editor, code, notes])

  return <div ref={host} className="h-full min-h-0 w-full" data-testid="code-editor" data-language={language} />
}
