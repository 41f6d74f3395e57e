import { splice, updateText } from '@automerge/automerge/slim'
import type { Doc, DocHandle } from '@automerge/automerge-repo/slim'
import { MessageSquarePlusIcon, Redo2Icon, Undo2Icon, LockIcon, InfoIcon } from 'lucide-react'
import { lazy, Suspense, useCallback, useMemo, useState } from 'react'

import { ConfirmDialog } from '@/components/ConfirmDialog'
import { Button } from '@/components/ui/button'
import { NativeSelect } from '@/components/ui/native-select'
import { Skeleton } from '@/components/ui/skeleton'
import { Textarea } from '@/components/ui/textarea'

import { anchor, annotationId, type PlacedAnnotation } from '../annotations'
import { reportSignal } from '../api'
import type { SyncStatus } from '../collab'
import type { EditorApi } from '../editor/CodeEditor'
import { LARGE_PASTE_CHARS } from '../hooks/useAwaySignals'
import { colorFor } from '../presence'
import {
  LANGUAGE_LABELS,
  LANGUAGES,
  isLanguage,
  isStarter,
  starterOf,
  type CodeDoc,
  type Language,
  type NotesDoc,
  type ProblemDoc,
  type WorkspaceRole,
} from '../schema'
import { SyncBadge } from './SyncBadge'

// Monaco (about 1 MB) loads with the editor, not with the room's first paint.
const CodeEditor = lazy(() => import('../editor/CodeEditor'))

export interface CodePanelProps {
  interviewId: string
  handle: DocHandle<CodeDoc>
  code: Doc<CodeDoc>
  problem: Doc<ProblemDoc> | undefined
  /** The notes document, for interviewers adding remarks; undefined for the candidate. */
  notes?: DocHandle<NotesDoc>
  /** The remarks where they are now in the code (placed once, by the workspace). */
  annotations: PlacedAnnotation[]
  role: WorkspaceRole
  readOnly: boolean
  me: { id: string; name: string }
  status: SyncStatus
  onApi: (api: EditorApi | null) => void
  editorApi: EditorApi | null
}

/** The code: a toolbar (language, undo and redo of your own edits, remarks, who is here, sync state) over Monaco. */
export function CodePanel({ interviewId, handle, code, problem, notes, annotations, role, readOnly, me, status, onApi, editorApi }: CodePanelProps) {
  const language: Language = isLanguage(code.language) ? code.language : 'javascript'
  const interviewer = role === 'interviewer'
  const user = useMemo(() => ({ id: me.id, name: me.name, color: colorFor(me.id) }), [me.id, me.name])
  const [pendingLanguage, setPendingLanguage] = useState<Language | null>(null)
  const [remark, setRemark] = useState<{ start: number; end: number } | null>(null)
  const [remarkText, setRemarkText] = useState('')

  const switchLanguage = useCallback(
    (next: Language) => {
      handle.change((d) => {
        updateText(d, ['language'], next)
        // One splice over the whole text: updateText would diff (Myers), which takes minutes on a long source
        // replaced by a short starter.
        splice(d, ['source'], 0, d.source.length, starterOf(problem, next))
      })
    },
    [handle, problem],
  )

  const onPaste = useCallback(
    (chars: number) => {
      if (chars >= LARGE_PASTE_CHARS) void reportSignal(interviewId, { kind: 'paste', chars })
    },
    [interviewId],
  )


  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="code-panel" data-role={role}>
      <div className="flex min-h-11 flex-wrap items-center gap-1.5 border-b px-2 py-1.5">
        {interviewer && !readOnly ? (
          <NativeSelect
            aria-label="Language"
            data-testid="language-select"
            value={language}
            wrapperClassName="w-36"
            className="h-8"
            onChange={(event) => {
              const next = event.currentTarget.value
              if (!isLanguage(next) || next === language) return
              if (isStarter(problem, code.source)) switchLanguage(next)
              else setPendingLanguage(next)
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_LABELS[l]}
              </option>
            ))}
          </NativeSelect>
        ) : (
          <span className="rounded-md border px-2 py-1 text-xs font-medium" data-testid="language-label">
            {LANGUAGE_LABELS[language]}
          </span>
        )}
        {readOnly ? null : (
          <>
            <Button
              variant="ghost"
              size="sm"
              aria-label="Undo your last edit"
              title="Undo your last edit (Ctrl+Z): never someone else's"
              data-testid="undo"
              disabled={!editorApi?.canUndo}
              onClick={() => editorApi?.undo()}
            >
              <Undo2Icon />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label="Redo"
              title="Redo (Ctrl+Shift+Z)"
              data-testid="redo"
              disabled={!editorApi?.canRedo}
              onClick={() => editorApi?.redo()}
            >
              <Redo2Icon />
            </Button>
          </>
        )}
        {interviewer && notes && !readOnly ? (
          <Button
            variant="outline"
            size="sm"
            data-testid="add-remark"
            disabled={!editorApi?.selection}
            title={editorApi?.selection ? 'Attach a remark to the selected code' : 'Select some code first'}
            onClick={() => {
              if (!editorApi?.selection) return
              setRemarkText('')
              setRemark(editorApi.selection)
            }}
          >
            <MessageSquarePlusIcon />
            Add remark
          </Button>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <ul className="flex items-center gap-1" aria-label="Also in the code" data-testid="presence">
            {(editorApi?.peers ?? []).map((peer) => (
              <li
                key={peer.id}
                className="flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs"
                data-testid="presence-peer"
                data-user={peer.id}
              >
                <span className="size-2 rounded-full" style={{ backgroundColor: peer.color }} aria-hidden="true" />
                {peer.name}
              </li>
            ))}
          </ul>
          <SyncBadge status={status} />
        </div>
      </div>
      {readOnly ? (
        <p className="flex items-center gap-2 border-b bg-muted/50 px-3 py-1.5 text-xs text-muted-foreground" data-testid="read-only-notice">
          <LockIcon className="size-3.5" aria-hidden="true" />
          Read-only: you are reviewing this interview. Your edits are not saved.
        </p>
      ) : null}
      <div className="relative min-h-0 flex-1">
        <Suspense fallback={<EditorSkeleton />}>
          <CodeEditor
            handle={handle}
            language={language}
            annotations={annotations}
            me={user}
            readOnly={readOnly}
            onPaste={role === 'candidate' ? onPaste : undefined}
            onApi={onApi}
          />
        </Suspense>
      </div>
      {role === 'candidate' ? (
        <p className="flex items-center gap-1.5 border-t px-3 py-1 text-xs text-muted-foreground" data-testid="signals-notice">
          <InfoIcon className="size-3.5 shrink-0" aria-hidden="true" />
          Shared with your interviewers: large pastes into the editor and time away from this page.
        </p>
      ) : null}

      <ConfirmDialog
        open={pendingLanguage !== null}
        onOpenChange={(open) => {
          if (!open) setPendingLanguage(null)
        }}
        title={`Switch to ${pendingLanguage ? LANGUAGE_LABELS[pendingLanguage] : ''}?`}
        description="The code has changed since the starter. Switching replaces it, for everyone, with the new language's starter code. The interview's history keeps the current code."
        confirmLabel="Switch and replace the code"
        destructive
        testId="language-dialog"
        onConfirm={() => {
          if (pendingLanguage) switchLanguage(pendingLanguage)
          setPendingLanguage(null)
        }}
      />
      <ConfirmDialog
        open={remark !== null}
        onOpenChange={(open) => {
          if (!open) setRemark(null)
        }}
        title="Add a remark on the selected code"
        description="Only interviewers see it. It stays on this code as the candidate edits around it."
        confirmLabel="Add remark"
        testId="remark-dialog"
        onConfirm={() => {
          const text = remarkText.trim()
          if (!remark || !text || !notes) return
          const cursors = anchor(handle.doc(), remark.start, remark.end)
          if (!cursors) return
          const id = annotationId(new Date())
          notes.change((d) => {
            d.annotations ??= {}
            d.annotations[id] = { ...cursors, text, authorId: me.id, authorName: me.name, createdAt: new Date().toISOString() }
          })
          setRemark(null)
        }}
      >
        <Textarea
          aria-label="Remark"
          data-testid="remark-input"
          value={remarkText}
          maxLength={2000}
          onChange={(event) => {
            setRemarkText(event.currentTarget.value)
          }}
          placeholder="e.g. Off by one when the list is empty?"
        />
      </ConfirmDialog>
    </div>
  )
}

function EditorSkeleton() {
  return (
    <div className="space-y-2 p-4" role="status" aria-label="Loading the editor">
      <Skeleton className="h-4 w-2/3" />
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-4 w-3/4" />
    </div>
  )
}
