import { ArrowLeftIcon, FileX2Icon, PauseIcon, PlayIcon } from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'

import { EmptyState } from '@/components/EmptyState'
import { ErrorState } from '@/components/ErrorState'
import { LoadingRows } from '@/components/LoadingRows'
import { QueryView } from '@/components/QueryView'
import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import type { Interview } from '@/features/interviews/schema'
import { useInterview } from '@/features/interviews/useInterviews'
import { formatClock } from '@/features/recordings/format'
import type { Recording } from '@/features/recordings/schema'
import { useRecordings } from '@/features/recordings/useRecordings'
import { useChatHistory } from '@/features/room/api'
import { interviewPath } from '@/features/room/opening'
import type { ChatMessage } from '@/features/room/schema'
import { useRuns, type Run } from '@/features/runs/api'
import { useSignals, type Signal } from '@/features/workspace/api'
import { cn } from '@/lib/utils'

import { useReplayDocs, type ReplayDocs } from './api'
import { CodeView } from './components/CodeView'
import { ChatPanel, NotesPanel, ProblemPanel } from './components/SidePanels'
import { TimelineSlider } from './components/TimelineSlider'
import { SPEEDS, usePlayback } from './hooks/usePlayback'
import { countAt } from './model/changes'
import { buildTimeline, playable, type ReplayTimeline } from './model/replay'
import { epochSeconds } from './model/timeline'
import { peopleIndex, replayPeople, SERVER_PERSON, type PeopleIndex } from './people'

/** /interviews/:id/replay: the interview played back (interviewers and admins; see README.md). */
export function ReplayPage() {
  const { id = '' } = useParams()
  const interview = useInterview(id)
  return (
    <QueryView query={interview} loadingLabel="Loading the interview">
      {(data) => <Replay interview={data} />}
    </QueryView>
  )
}

export default ReplayPage

function BackLink({ interview }: { interview: Interview }) {
  return (
    <Button asChild variant="ghost" size="sm" className="-ml-2 w-fit">
      <Link to={interviewPath(interview.id)}>
        <ArrowLeftIcon />
        Back to the interview
      </Link>
    </Button>
  )
}

function Heading({ interview }: { interview: Interview }) {
  return <h1 className="text-2xl font-semibold tracking-tight">Replay: {interview.title}</h1>
}

/** The page without a player: the back link and title over why there is none (`children`). */
function Frame({ interview, testId, children }: { interview: Interview; testId?: string; children: ReactNode }) {
  return (
    <div className="space-y-4" data-testid={testId}>
      <BackLink interview={interview} />
      <Heading interview={interview} />
      {children}
    </div>
  )
}

function NothingToReplay({ interview, children }: { interview: Interview; children: ReactNode }) {
  return (
    <Frame interview={interview} testId="replay">
      <EmptyState icon={FileX2Icon} title="Nothing to replay" testId="replay-empty">
        {children}
      </EmptyState>
    </Frame>
  )
}

function Replay({ interview }: { interview: Interview }) {
  const docs = useReplayDocs(interview)
  // The route is for interviewers and admins only (candidates get 403 on the list).
  const recordings = useRecordings(interview.id, true)
  const chat = useChatHistory(interview.id)
  const signals = useSignals(interview.id, true)
  const runs = useRuns(interview.id)

  if (!interview.docs) {
    return <NothingToReplay interview={interview}>This interview has no code documents.</NothingToReplay>
  }
  if (docs.isError) {
    return (
      <Frame interview={interview}>
        <ErrorState error={docs.error} title="The interview's history could not be loaded" onRetry={() => void docs.refetch()} retrying={docs.isFetching} />
      </Frame>
    )
  }
  // The span depends on the recordings, the marks on the rest: wait for all (a failure reads as none).
  if (!docs.data || recordings.isPending || chat.isPending || signals.isPending || runs.isPending) {
    return <LoadingRows label="Loading the interview's history" rows={4} />
  }
  return (
    <ReplayPlayer
      interview={interview}
      docs={docs.data}
      recordings={recordings.data?.recordings ?? []}
      chat={chat.data ?? []}
      signals={signals.data ?? []}
      runs={runs.data ?? []}
    />
  )
}

type PanelId = 'code' | 'problem' | 'notes' | 'chat'
const PANELS: { id: PanelId; label: string }[] = [
  { id: 'code', label: 'Code' },
  { id: 'problem', label: 'Problem' },
  { id: 'notes', label: 'Notes' },
  { id: 'chat', label: 'Chat' },
]

function Legend({ people }: { people: PeopleIndex }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Authors" data-testid="replay-legend">
      {[...people.people, SERVER_PERSON].map((person) => (
        <li key={person.userId} className="flex items-center gap-1.5" data-user={person.userId}>
          <span aria-hidden="true" className="size-3 rounded-full" style={{ backgroundColor: person.color }} />
          <span className="font-medium">{person.name}</span>
          <span className="text-muted-foreground">{person.role}</span>
        </li>
      ))}
    </ul>
  )
}

function initialT(search: URLSearchParams): number {
  const raw = search.get('t')
  const t = raw === null ? 0 : Number(raw)
  return Number.isFinite(t) && t >= 0 ? t : 0
}

function ReplayPlayer({
  interview,
  docs,
  recordings,
  chat,
  signals,
  runs,
}: {
  interview: Interview
  docs: ReplayDocs
  recordings: Recording[]
  chat: ChatMessage[]
  signals: Signal[]
  runs: Run[]
}) {
  const people = useMemo(() => peopleIndex(replayPeople(interview)), [interview])
  const ready = useMemo(() => playable(recordings), [recordings])
  // Only the viewer's pick is state; without one (or once it is gone) the newest ready recording plays, also one
  // that becomes ready while the page is open (the list is refetched live).
  const [pickedId, setPickedId] = useState<string | null>(null)
  const recording = ready.find((r) => r.id === pickedId) ?? ready[0] ?? null

  const timeline = useMemo(
    () =>
      buildTimeline({
        callStartedAt: interview.callStartedAt,
        callEndedAt: interview.callEndedAt,
        changes: [docs.code.track.changes, docs.problem?.track.changes ?? [], docs.notes?.track.changes ?? []],
        recordings: ready,
        recording,
        runs,
        signals,
        chat,
        nameOf: people.nameOf,
      }),
    [interview, docs, ready, recording, runs, signals, chat, people],
  )

  if (!timeline) {
    return <NothingToReplay interview={interview}>Nobody has written anything yet, and the call has not started.</NothingToReplay>
  }
  return (
    <ReplayBody
      interview={interview}
      docs={docs}
      timeline={timeline}
      people={people}
      chat={chat}
      recordings={ready}
      recording={recording}
      onPickRecording={setPickedId}
    />
  )
}

function ReplayBody({
  interview,
  docs,
  timeline,
  people,
  chat,
  recordings,
  recording,
  onPickRecording,
}: {
  interview: Interview
  docs: ReplayDocs
  timeline: ReplayTimeline
  people: PeopleIndex
  chat: ChatMessage[]
  recordings: Recording[]
  recording: Recording | null
  onPickRecording: (id: string) => void
}) {
  const [search, setSearch] = useSearchParams()
  const [initial] = useState(() => initialT(search))
  const { video, current, t, playing, speed, skip, seek, play, pause, setSpeed, setSkip } = usePlayback({
    duration: timeline.duration,
    initial,
    recording: timeline.recording,
    idle: timeline.idle,
  })
  const [panel, setPanel] = useState<PanelId>('code')

  const commit = useCallback(() => {
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous)
        next.set('t', String(Math.floor(current())))
        return next
      },
      { replace: true },
    )
  }, [setSearch, current])

  // Pausing keeps the time in the URL too.
  const wasPlaying = useRef(playing)
  useEffect(() => {
    if (wasPlaying.current && !playing) commit()
    wasPlaying.current = playing
  }, [playing, commit])

  const epoch = timeline.start + t
  const code = docs.code
  const codeIndex = countAt(code.track.changes, epoch)
  const codeState = useMemo(() => code.track.stateAt(codeIndex), [code, codeIndex])
  const userOf = useMemo(() => code.track.actors.map((actor) => code.authors[actor]), [code])
  const problemIndex = docs.problem ? countAt(docs.problem.track.changes, epoch) : 0
  const problem = useMemo(() => docs.problem?.track.stateAt(problemIndex) ?? null, [docs.problem, problemIndex])
  const notesIndex = docs.notes ? countAt(docs.notes.track.changes, epoch) : 0
  const notes = useMemo(() => docs.notes?.track.stateAt(notesIndex) ?? null, [docs.notes, notesIndex])

  const sortedChat = useMemo(() => [...chat].sort((a, b) => epochSeconds(a.sentAt) - epochSeconds(b.sentAt)), [chat])
  const chatCount = useMemo(() => sortedChat.filter((message) => epochSeconds(message.sentAt) <= epoch).length, [sortedChat, epoch])
  const visibleChat = useMemo(() => sortedChat.slice(0, chatCount), [sortedChat, chatCount])

  const recordingSpan = timeline.recording ? { start: timeline.recording.offset, end: timeline.recording.offset + timeline.recording.length } : null
  const startIso = new Date(timeline.start * 1000).toISOString()

  return (
    <div className="space-y-4" data-testid="replay" data-start={startIso}>
      <div className="space-y-2">
        <BackLink interview={interview} />
        <Heading interview={interview} />
        <Legend people={people} />
      </div>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <section aria-label="Recording" className="space-y-2 lg:col-start-1 lg:row-start-1">
          {timeline.recording?.url ? (
            <video
              ref={video}
              key={timeline.recording.id}
              data-testid="replay-video"
              src={timeline.recording.url}
              preload="auto"
              playsInline
              aria-label="Recording of the call"
              className="aspect-video w-full rounded-lg bg-black"
            />
          ) : (
            <div
              data-testid="replay-no-recording"
              className="flex aspect-video w-full items-center justify-center rounded-lg border border-dashed p-4 text-center text-sm text-muted-foreground"
            >
              No recording — replaying the code only
            </div>
          )}
          {recordings.length > 1 ? (
            <div className="flex items-center gap-2">
              <Label htmlFor="replay-recording" className="shrink-0">
                Recording
              </Label>
              <NativeSelect
                id="replay-recording"
                data-testid="replay-recording"
                value={recording?.id ?? ''}
                onChange={(event) => {
                  onPickRecording(event.target.value)
                }}
              >
                {recordings.map((r) => (
                  <option key={r.id} value={r.id}>
                    {new Date(r.startedAt).toLocaleString()} ({formatClock(r.durationSeconds)})
                  </option>
                ))}
              </NativeSelect>
            </div>
          ) : null}
        </section>

        <section aria-label="Playback" className="space-y-3 rounded-lg border bg-card p-3 lg:col-span-2 lg:row-start-2">
          <TimelineSlider
            t={t}
            duration={timeline.duration}
            marks={timeline.marks}
            idle={timeline.idle}
            density={timeline.density}
            recording={recordingSpan}
            onSeek={seek}
            onCommit={commit}
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button
              data-testid="replay-play"
              size="sm"
              onClick={playing ? pause : play}
              aria-label={playing ? 'Pause' : 'Play'}
            >
              {playing ? <PauseIcon /> : <PlayIcon />}
              {playing ? 'Pause' : 'Play'}
            </Button>
            <p className="font-mono text-sm tabular-nums" data-testid="replay-time">
              {formatClock(t)} / {formatClock(timeline.duration)}
              <span className="ml-2 text-muted-foreground">{new Date(epoch * 1000).toLocaleTimeString()}</span>
            </p>
            <div className="ml-auto flex flex-wrap items-center gap-2">
              <Label htmlFor="replay-speed" className="sr-only">
                Speed
              </Label>
              <NativeSelect
                id="replay-speed"
                data-testid="replay-speed"
                value={String(speed)}
                onChange={(event) => {
                  const next = SPEEDS.find((s) => String(s) === event.target.value)
                  if (next) setSpeed(next)
                }}
                wrapperClassName="w-24"
              >
                {SPEEDS.map((s) => (
                  <option key={s} value={String(s)}>
                    {s}×
                  </option>
                ))}
              </NativeSelect>
              <Button
                data-testid="replay-skip-idle"
                size="sm"
                variant={skip ? 'secondary' : 'outline'}
                aria-pressed={skip}
                onClick={() => {
                  setSkip(!skip)
                }}
                title={`${timeline.idle.length} idle stretches`}
              >
                Skip idle
              </Button>
            </div>
          </div>
        </section>

        <section aria-label="Documents" className="flex min-h-[24rem] flex-col overflow-hidden rounded-lg border bg-card lg:col-start-2 lg:row-start-1 lg:h-[min(70vh,40rem)]">
          <div role="tablist" aria-label="What to show" className="flex shrink-0 gap-1 overflow-x-auto border-b p-1">
            {PANELS.map((p) => (
              <button
                key={p.id}
                id={`replay-tab-${p.id}`}
                type="button"
                role="tab"
                data-testid={`replay-tab-${p.id}`}
                aria-selected={panel === p.id}
                aria-controls={`replay-panel-${p.id}`}
                tabIndex={panel === p.id ? 0 : -1}
                onClick={() => {
                  setPanel(p.id)
                }}
                onKeyDown={(event) => {
                  const i = PANELS.findIndex((x) => x.id === panel)
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
                  if (step === 0) return
                  event.preventDefault()
                  const next = PANELS[(i + step + PANELS.length) % PANELS.length]
                  if (!next) return
                  setPanel(next.id)
                  document.getElementById(`replay-tab-${next.id}`)?.focus()
                }}
                className={cn(
                  'rounded-md px-3 py-1.5 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50',
                  panel === p.id ? 'bg-secondary text-secondary-foreground' : 'text-muted-foreground hover:bg-accent hover:text-accent-foreground',
                )}
              >
                {p.label}
                {p.id === 'chat' && visibleChat.length > 0 ? <span className="ml-1 text-xs">({visibleChat.length})</span> : null}
              </button>
            ))}
          </div>
          <div id="replay-panel-code" role="tabpanel" aria-labelledby="replay-tab-code" hidden={panel !== 'code'} className="flex min-h-0 flex-1 flex-col" data-testid="replay-code-panel" data-change={codeIndex} data-heads={code.track.heads[codeIndex]?.join(',') ?? ''}>
            <CodeView state={codeState} userOf={userOf} colorOf={people.colorOf} nameOf={people.nameOf} />
          </div>
          <div id="replay-panel-problem" role="tabpanel" aria-labelledby="replay-tab-problem" hidden={panel !== 'problem'} className="min-h-0 flex-1 overflow-auto" data-testid="replay-problem" tabIndex={0}>
            <ProblemPanel problem={problem} />
          </div>
          <div id="replay-panel-notes" role="tabpanel" aria-labelledby="replay-tab-notes" hidden={panel !== 'notes'} className="min-h-0 flex-1 overflow-auto" data-testid="replay-notes" tabIndex={0}>
            <NotesPanel notes={notes} />
          </div>
          <div id="replay-panel-chat" role="tabpanel" aria-labelledby="replay-tab-chat" hidden={panel !== 'chat'} className="min-h-0 flex-1 overflow-auto" data-testid="replay-chat" tabIndex={0}>
            <ChatPanel messages={visibleChat} nameOf={people.nameOf} />
          </div>
        </section>
      </div>
    </div>
  )
}
