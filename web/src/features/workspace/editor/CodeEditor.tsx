import type { DocHandle } from '@automerge/automerge-repo/slim'
import { useEffect, useRef, useState } from 'react'

import { useTheme } from '@/features/theme/useTheme'

import type { PlacedAnnotation } from '../annotations'
import { MonacoAutomergeBinding } from '../binding/binding'
import { RemoteCursors, type PresenceUser } from '../binding/presence'
import type { CodeDoc, Language } from '../schema'
import { monaco, THEMES } from './monaco'
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
  /** The interviewers' remarks where they now are in the code (highlights, gutter marks); none for the candidate. */
  annotations: PlacedAnnotation[]
  me: PresenceUser
  readOnly: boolean
  /** A paste of this many characters (the candidate's page reports large ones). */
  onPaste?: (chars: number) => void
  onApi: (api: EditorApi | null) => void
}

/** Monaco bound to the code document's `source` (the binding: `../binding`). Lazy: Monaco loads with this module. */
export default function CodeEditor({ handle, language, annotations, me, readOnly, onPaste, onApi }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null)
  const { resolved } = useTheme()
  const theme = THEMES[resolved]
  // The first values only: later ones arrive through the effects below.
  const initial = useRef({ theme, language })
  const pasteHandler = useRef(onPaste)
  useEffect(() => {
    pasteHandler.current = onPaste
  }, [onPaste])

  // One editor, its binding to the document and the others' cursors, for as long as the handle (and who we are,
  // and whether we may edit) stay the same. The toolbar hears about it through onApi.
  useEffect(() => {
    const el = host.current
    if (!el) return
    const model = monaco.editor.createModel(handle.doc().source, initial.current.language)
    model.setEOL(monaco.editor.EndOfLineSequence.LF)
    const created = monaco.editor.create(el, {
      model,
      theme: initial.current.theme,
      readOnly,
      readOnlyMessage: { value: 'You are reviewing this interview: the code is read-only.' },
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      tabSize: 4,
      scrollBeyondLastLine: false,
      glyphMargin: true,
      // 'dimmed' draws the last line's number below the contrast people need to read it.
      renderFinalNewline: 'on',
      // Candidates write comments and strings in their own languages: é or 数据 is not suspicious.
      unicodeHighlight: { ambiguousCharacters: false, nonBasicASCII: false, invisibleCharacters: true },
      fixedOverflowWidgets: true,
      ariaLabel: 'Code editor',
      padding: { top: 8 },
    })
    const binding = new MonacoAutomergeBinding(created, handle, ['source'], { readOnly })
    const cursors = new RemoteCursors(created, handle, ['source'], me)
    // A test seam: the browser tests read the editor's text and put the caret where they want it.
    Object.defineProperty(el, 'ipEditor', {
      configurable: true,
      value: {
        getValue: () => model.getValue(),
        onChange: (listener: () => void) => model.onDidChangeContent(listener),
        setOffset: (offset: number) => {
          created.setPosition(model.getPositionAt(offset))
          created.focus()
        },
      },
    })

    const publish = () => {
      const sel = created.getSelection()
      let selection: EditorApi['selection'] = null
      if (sel && !sel.isEmpty()) {
        selection = { start: model.getOffsetAt(sel.getStartPosition()), end: model.getOffsetAt(sel.getEndPosition()) }
      }
      onApi({
        undo: () => {
          binding.undo()
          created.focus()
        },
        redo: () => {
          binding.redo()
          created.focus()
        },
        canUndo: binding.canUndo,
        canRedo: binding.canRedo,
        selection,
        peers: cursors.peers,
        reveal: (start, end) => {
          const range = monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(end))
          created.setSelection(range)
          created.revealRangeInCenter(range)
          created.focus()
        },
      })
    }
    const subs = [
      binding.onDidChangeUndoState(publish),
      cursors.onDidChangePeers(publish),
      created.onDidChangeCursorSelection(publish),
      created.onDidPaste((event) => {
        pasteHandler.current?.(model.getValueLengthInRange(event.range))
      }),
    ]
    publish()
    setEditor(created)
    return () => {
      for (const sub of subs) sub.dispose()
      onApi(null)
      cursors.dispose()
      binding.dispose()
      created.dispose()
      model.dispose()
      Reflect.deleteProperty(el, 'ipEditor')
      setEditor(null)
    }
  }, [handle, readOnly, me, onApi])

  useEffect(() => {
    monaco.editor.setTheme(theme)
  }, [theme])
  useEffect(() => {
    const model = editor?.getModel()
    if (model) monaco.editor.setModelLanguage(model, language)
  }, [editor, language])

  // Interviewers' annotations: a highlight over the code, a mark in the gutter, the remark on hover.
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null)
  useEffect(() => {
    if (!editor) return
    decorations.current ??= editor.createDecorationsCollection()
    const model = editor.getModel()
    if (!model) return
    const placed = annotations.filter((p) => p.end <= model.getValueLength())
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
  }, [editor, annotations])

  return <div ref={host} className="h-full min-h-0 w-full" data-testid="code-editor" data-language={language} />
}
