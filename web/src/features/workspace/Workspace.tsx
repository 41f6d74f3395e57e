import { CodeIcon, FileTextIcon, NotebookPenIcon, PlayIcon, VideoIcon } from 'lucide-react'
import { memo, useCallback, useMemo, useState, type ReactNode } from 'react'
import { Group, Panel, Separator } from 'react-resizable-panels'

import { Skeleton } from '@/components/ui/skeleton'
import type { Interview } from '@/features/interviews/schema'
import { RunPanel } from '@/features/runs/RunPanel'
import type { User } from '@/features/session/schema'
import { displayName } from '@/features/session/present'
import { useMediaQuery } from '@/hooks/useMediaQuery'
import { cn } from '@/lib/utils'

import { placeAll, type PlacedAnnotation } from './annotations'
import { useSignals } from './api'
import { CodePanel } from './components/CodePanel'
import { NotesPanel } from './components/NotesPanel'
import { ProblemPanel } from './components/ProblemPanel'
import type { EditorApi } from './editor/CodeEditor'
import { useAwaySignals } from './hooks/useAwaySignals'
import { useCollab, useSyncStatus } from './hooks/useCollab'
import { useDocument } from './hooks/useDocument'
import { workspaceRole } from './role'
import { isInterviewer, isLanguage, type CodeDoc, type NotesDoc, type ProblemDoc } from './schema'

type Tab = 'call' | 'code' | 'problem' | 'run' | 'notes'
type SideTab = 'problem' | 'run' | 'notes'

export interface WorkspaceProps {
  interview: Interview
  me: User
  /** The call's stage, when the workspace sits in the call. */
  callSlot?: ReactNode
  /** A past interview: everything shown as it ended, nothing editable. */
  ended?: boolean
  /**
   * Wait before loading the documents and the editor (the call holds them while it joins: Automerge's wasm and
   * Monaco would compete with the first picture of the other person for the main thread).
   */
  hold?: boolean
}

/**
 * The room's documents: the code (Monaco, live), the problem and, for interviewers, the private notes, synced with
 * automerge-repo and kept in IndexedDB. Resizable panels beside the call on a desktop, tabs on a phone.
 */
export const Workspace = memo(function Workspace({ interview, me, callSlot, ended = false, hold = false }: WorkspaceProps) {
  const role = workspaceRole(interview, me)
  const docs = interview.docs
  const { client, error } = useCollab(!hold)
  const status = useSyncStatus(client)
  const code = useDocument<CodeDoc>(client, docs?.code ?? null)
  const problem = useDocument<ProblemDoc>(client, docs?.problem ?? null)
  const wantsNotes = role === 'interviewer' || role === 'reviewer'
  const notes = useDocument<NotesDoc>(client, wantsNotes ? (docs?.notes ?? null) : null)
  const readOnly = role === 'reviewer' || ended
  const interviewer = role !== null && isInterviewer(role)
  const signals = useSignals(interview.id, role !== null && role !== 'candidate')
  useAwaySignals(interview.id, role === 'candidate' && !ended)

  const [editorApi, setEditorApi] = useState<EditorApi | null>(null)
  const desktop = useMediaQuery('(min-width: 1024px)')
  const [tab, setTab] = useState<Tab>(callSlot ? 'call' : 'code')
  const [sideTab, setSideTab] = useState<SideTab>('problem')
  const author = useMemo(() => ({ id: me.id, name: displayName(me) }), [me])

  const annotations = useMemo(() => (interviewer || role === 'reviewer' ? placeAll(code.doc, notes.doc) : []), [interviewer, role, code.doc, notes.doc])
  const lineOf = useCallback(
    (offset: number) => (code.doc ? code.doc.source.slice(0, offset).split('\n').length : 1),
    [code.doc],
  )
  const jump = useCallback(
    (a: PlacedAnnotation) => {
      setTab('code')
      editorApi?.reveal(a.start, a.end)
    },
    [editorApi],
  )

  if (!docs || role === null) {
    return callSlot ? <div className="relative flex min-h-0 flex-1">{callSlot}</div> : <NoDocuments reason={role === null ? 'not-on-it' : 'none'} />
  }

  const codePanel =
    code.state === 'ready' ? (
      <CodePanel
        interviewId={interview.id}
        handle={code.handle}
        code={code.doc}
        problem={problem.doc}
        notes={notes.state === 'ready' ? notes.handle : undefined}
        annotations={annotations}
        role={role}
        readOnly={readOnly}
        me={author}
        status={status}
        onApi={setEditorApi}
        editorApi={editorApi}
      />
    ) : (
      <DocLoading what="code" error={error ?? (code.state === 'unavailable' ? code.error : null)} />
    )
  const problemPanel =
    problem.state === 'ready' ? (
      <ProblemPanel interviewId={interview.id} handle={problem.handle} doc={problem.doc} interviewer={interviewer && !readOnly} />
    ) : (
      <DocLoading what="problem" error={problem.state === 'unavailable' ? problem.error : null} />
    )
  const runPanel =
    code.state === 'ready' ? (
      <RunPanel
        interviewId={interview.id}
        language={isLanguage(code.doc.language) ? code.doc.language : 'javascript'}
        getSource={() => code.handle.doc().source}
        role={role}
        readOnly={readOnly}
      />
    ) : null
  const notesPanel = wantsNotes ? (
    notes.state === 'ready' ? (
      <NotesPanel
        handle={notes.handle}
        doc={notes.doc}
        annotations={annotations}
        lineOf={lineOf}
        onJump={jump}
        signals={signals.data ?? []}
        readOnly={readOnly}
      />
    ) : (
      <DocLoading what="notes" error={notes.state === 'unavailable' ? notes.error : null} />
    )
  ) : null

  if (!desktop) {
    const tabs: { id: Tab; label: string; Icon: typeof CodeIcon }[] = [
      ...(callSlot ? [{ id: 'call' as const, label: 'Call', Icon: VideoIcon }] : []),
      { id: 'code', label: 'Code', Icon: CodeIcon },
      { id: 'problem', label: 'Problem', Icon: FileTextIcon },
      ...(runPanel ? [{ id: 'run' as const, label: 'Run', Icon: PlayIcon }] : []),
      ...(notesPanel ? [{ id: 'notes' as const, label: 'Notes', Icon: NotebookPenIcon }] : []),
    ]
    return (
      <div className="flex min-h-0 flex-1 flex-col" data-testid="workspace" data-layout="tabs">
        <div role="tablist" aria-label="Room" className="flex shrink-0 border-b bg-background">
          {tabs.map(({ id, label, Icon }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`room-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`room-panel-${id}`}
              data-testid={`room-tab-${id}`}
              onClick={() => {
                setTab(id)
              }}
              className={cn(
                'flex flex-1 items-center justify-center gap-1.5 border-b-2 px-2 py-2.5 text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
                tab === id ? 'border-primary font-medium text-foreground' : 'border-transparent text-muted-foreground',
              )}
            >
              <Icon className="size-4" aria-hidden="true" />
              {label}
            </button>
          ))}
        </div>
        {/* Every panel stays mounted (the call keeps playing, the editor keeps its undo history); only one shows. */}
        {callSlot ? <TabPanel id="call" active={tab === 'call'}>{callSlot}</TabPanel> : null}
        <TabPanel id="code" active={tab === 'code'}>{codePanel}</TabPanel>
        <TabPanel id="problem" active={tab === 'problem'}>{problemPanel}</TabPanel>
        {runPanel ? <TabPanel id="run" active={tab === 'run'}>{runPanel}</TabPanel> : null}
        {notesPanel ? <TabPanel id="notes" active={tab === 'notes'}>{notesPanel}</TabPanel> : null}
      </div>
    )
  }

  const sideTabs: { id: SideTab; label: string; Icon: typeof CodeIcon; panel: ReactNode }[] = [
    { id: 'problem', label: 'Problem', Icon: FileTextIcon, panel: problemPanel },
    ...(runPanel ? [{ id: 'run' as const, label: 'Run', Icon: PlayIcon, panel: runPanel }] : []),
    ...(notesPanel ? [{ id: 'notes' as const, label: 'Notes', Icon: NotebookPenIcon, panel: notesPanel }] : []),
  ]

  return (
    <div className="flex min-h-0 flex-1" data-testid="workspace" data-layout="panels">
      <Group orientation="horizontal" className="min-h-0 flex-1">
        {callSlot ? (
          <>
            <Panel id="call" defaultSize="30%" minSize="15%" className="relative flex min-h-0">
              <section aria-label="Call" className="relative flex min-h-0 min-w-0 flex-1">
                {callSlot}
              </section>
            </Panel>
            <ResizeHandle label="Resize the call and the code" />
          </>
        ) : null}
        <Panel id="code" defaultSize={callSlot ? '42%' : '60%'} minSize="25%" className="flex min-h-0">
          <section aria-label="Code" className="flex min-h-0 min-w-0 flex-1 flex-col bg-background">
            {codePanel}
          </section>
        </Panel>
        <ResizeHandle label="Resize the code and the problem" />
        <Panel id="side" defaultSize={callSlot ? '28%' : '40%'} minSize="18%" className="flex min-h-0">
          <section aria-label="Problem, runs and notes" className="flex min-h-0 min-w-0 flex-1 flex-col bg-background">
            <div role="tablist" aria-label="Problem, runs and notes" className="flex shrink-0 border-b">
              {sideTabs.map(({ id, label, Icon }) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`side-tab-${id}`}
                  aria-selected={sideTab === id}
                  aria-controls={`side-panel-${id}`}
                  data-testid={`side-tab-${id}`}
                  onClick={() => {
                    setSideTab(id)
                  }}
                  className={cn(
                    'flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
                    sideTab === id ? 'border-primary font-medium' : 'border-transparent text-muted-foreground',
                  )}
                >
                  <Icon className="size-4" aria-hidden="true" />
                  {label}
                </button>
              ))}
            </div>
            {sideTabs.map(({ id, panel }) => (
              <div
                key={id}
                id={`side-panel-${id}`}
                role="tabpanel"
                aria-labelledby={`side-tab-${id}`}
                className={cn('min-h-0 flex-1 overflow-auto', sideTab !== id && 'hidden')}
              >
                {panel}
              </div>
            ))}
          </section>
        </Panel>
      </Group>
    </div>
  )
})

function ResizeHandle({ label }: { label: string }) {
  return (
    <Separator
      aria-label={label}
      className="w-1.5 shrink-0 bg-border/60 outline-none transition-colors hover:bg-primary/40 focus-visible:bg-primary/60 data-[separator=active]:bg-primary/60"
    />
  )
}

function TabPanel({ id, active, children }: { id: Tab; active: boolean; children: ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={`room-panel-${id}`}
      aria-labelledby={`room-tab-${id}`}
      className={cn('relative min-h-0 flex-1 flex-col', active ? 'flex' : 'hidden')}
    >
      {children}
    </div>
  )
}

function DocLoading({ what, error }: { what: string; error: Error | null }) {
  if (error) {
    return (
      <div className="p-4 text-sm" role="alert" data-testid="doc-unavailable">
        <p className="font-medium">The {what} could not be opened yet.</p>
        <p className="text-muted-foreground">
          This browser has no copy of it and the server did not answer. It opens by itself when the connection is back.
        </p>
      </div>
    )
  }
  return (
    <div className="space-y-2 p-4" role="status" aria-label={`Loading the ${what}`}>
      <Skeleton className="h-4 w-2/3" />
      <Skeleton className="h-4 w-1/2" />
    </div>
  )
}

function NoDocuments({ reason }: { reason: 'none' | 'not-on-it' }) {
  return (
    <div className="m-auto max-w-md p-6 text-center text-sm text-muted-foreground" data-testid="no-documents">
      {reason === 'not-on-it'
        ? 'The code, problem and notes are for the interview’s candidate and interviewers, and for admins reviewing it.'
        : 'This interview has no shared code.'}
    </div>
  )
}
