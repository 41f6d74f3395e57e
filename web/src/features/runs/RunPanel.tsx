import { ChevronDownIcon, ChevronRightIcon, FlaskConicalIcon, LoaderCircleIcon, PlayIcon } from 'lucide-react'
import { useId, useState } from 'react'

import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { useInterview } from '@/features/interviews/useInterviews'
import { useMe } from '@/features/session/useMe'
import { ApiError } from '@/lib/api'

import { isActive, useRuns, useStartRun, type Language, type Run } from './api'
import { HiddenTests } from './components/HiddenTests'
import { RunHistory } from './components/RunHistory'
import { RunResult } from './components/RunResult'
import { StatusLine } from './components/StatusLine'
import { errorText } from './present'

export interface RunPanelProps {
  interviewId: string
  language: Language
  /** The editor's text at the moment of the click. */
  getSource: () => string
  /** 'reviewer': an admin reading the interview — sees the results, cannot run. */
  role: 'candidate' | 'interviewer' | 'reviewer'
  /** Nobody runs (e.g. the interview has ended): results only. */
  readOnly?: boolean
}

/**
 * "Run" and "Run tests" for the room's code, and the results of the interview's runs, which reach every
 * participant live (the `runs:<id>` topic invalidates the list; it is also polled while a run is queued or
 * running). Interviewers manage the hidden tests here too. See README.md for the test ids.
 */
export function RunPanel({ interviewId, language, getSource, role, readOnly = false }: RunPanelProps) {
  const me = useMe()
  const interview = useInterview(interviewId)
  const runs = useRuns(interviewId)
  const start = useStartRun(interviewId)
  const [stdin, setStdin] = useState('')
  const [stdinOpen, setStdinOpen] = useState(false)
  // null: follow the latest run; an id: the run the person chose in the list.
  const [chosenId, setChosenId] = useState<string | null>(null)
  const stdinId = useId()

  const list = runs.data ?? []
  const latest = list[0]
  const shown = (chosenId === null ? undefined : list.find((r) => r.id === chosenId)) ?? latest
  const myId = me.data?.id
  const mine = myId === undefined ? undefined : list.find((r) => r.userId === myId && isActive(r))
  const busy = start.isPending || mine !== undefined
  // Which button spins: the one just clicked, or the kind of this person's run that is still going.
  const busyWithTests = start.isPending ? 'tests' in start.variables : mine?.withTests === true
  const canRun = role !== 'reviewer' && !readOnly
  const candidate = role === 'candidate'

  function who(userId: string): string {
    if (userId === myId) return 'You'
    const iv = interview.data
    if (!iv) return ''
    if (iv.candidate.id === userId) return iv.candidate.name || 'Candidate'
    const person = iv.interviewers.find((p) => p.id === userId) ?? (iv.owner?.id === userId ? iv.owner : undefined)
    return person ? person.name || 'Interviewer' : ''
  }

  function run(tests: boolean) {
    const source = getSource()
    setChosenId(null)
    start.mutate(tests ? { language, source, tests: true } : { language, source, stdin })
  }

  return (
    <div className="flex h-full min-h-0 flex-col overflow-auto" data-testid="run-panel">
      <section aria-labelledby="run-heading" className="space-y-3 p-3">
        <h2 id="run-heading" className="sr-only">
          Run the code
        </h2>
        {canRun ? (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <Button
                type="button"
                size="sm"
                disabled={busy}
                aria-busy={busy && !busyWithTests}
                onClick={() => {
                  run(false)
                }}
                data-testid="run-button"
              >
                {busy && !busyWithTests ? <LoaderCircleIcon className="animate-spin" aria-hidden="true" /> : <PlayIcon aria-hidden="true" />}
                Run
              </Button>
              <Button
                type="button"
                size="sm"
                variant="outline"
                disabled={busy}
                aria-busy={busy && busyWithTests}
                onClick={() => {
                  run(true)
                }}
                data-testid="run-tests-button"
              >
                {busy && busyWithTests ? (
                  <LoaderCircleIcon className="animate-spin" aria-hidden="true" />
                ) : (
                  <FlaskConicalIcon aria-hidden="true" />
                )}
                Run tests
              </Button>
              <Button
                type="button"
                size="sm"
                variant="ghost"
                className="ml-auto"
                aria-expanded={stdinOpen}
                aria-controls={stdinId}
                onClick={() => {
                  setStdinOpen((open) => !open)
                }}
                data-testid="run-stdin-toggle"
              >
                {stdinOpen ? <ChevronDownIcon aria-hidden="true" /> : <ChevronRightIcon aria-hidden="true" />}
                Input{stdin !== '' && !stdinOpen ? ' (set)' : ''}
              </Button>
            </div>
            <div id={stdinId} hidden={!stdinOpen} className="space-y-1.5">
              <Label htmlFor={`${stdinId}-text`}>Standard input for “Run”</Label>
              <Textarea
                id={`${stdinId}-text`}
                code
                rows={3}
                className="max-h-48"
                value={stdin}
                onChange={(event) => {
                  setStdin(event.target.value)
                }}
                placeholder="What the program reads from stdin"
                data-testid="run-stdin"
              />
              <p className="text-xs text-muted-foreground">“Run tests” gives each test its own input instead.</p>
            </div>
            {start.error ? (
              <p className="text-sm text-destructive" role="alert" data-testid="run-error">
                {start.error instanceof ApiError ? errorText(start.error) : start.error.message}
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-xs text-muted-foreground" data-testid="run-readonly">
            {role === 'reviewer' ? 'You are reviewing: the runs of this interview, as its participants saw them.' : 'Running code is closed for this interview.'}
          </p>
        )}

        <StatusLine run={shown} />
        {runs.isError ? (
          <p className="text-sm text-destructive" role="alert" data-testid="run-error">
            Could not load the runs: {runs.error.message}
          </p>
        ) : null}
        {shown && latest && shown.id !== latest.id ? <ShowLatest latest={latest} onShow={() => { setChosenId(null) }} /> : null}
        {shown ? <RunResult run={shown} candidate={candidate} /> : null}
        {!shown && runs.isSuccess && canRun ? (
          <p className="text-xs text-muted-foreground">
            “Run” runs the code with your input; “Run tests” checks it against the problem’s tests. Everyone in the room
            sees the results.
          </p>
        ) : null}
      </section>

      {list.length > 1 ? (
        <div className="border-t p-3">
          <RunHistory
            runs={list}
            shownId={shown?.id}
            who={who}
            onShow={(picked: Run, isLatest: boolean) => {
              setChosenId(isLatest ? null : picked.id)
            }}
          />
        </div>
      ) : null}

      {role === 'interviewer' ? (
        <div className="border-t p-3">
          <HiddenTests interviewId={interviewId} editable={!readOnly} />
        </div>
      ) : null}
    </div>
  )
}

function ShowLatest({ latest, onShow }: { latest: Run; onShow: () => void }) {
  return (
    <p className="flex flex-wrap items-center gap-2 rounded-md bg-muted px-2 py-1 text-xs">
      <span>You are looking at an older run.</span>
      <Button type="button" variant="link" size="sm" className="h-auto p-0 text-xs" onClick={onShow} data-testid="run-show-latest">
        Show the latest{isActive(latest) ? ' (in progress)' : ''}
      </Button>
    </p>
  )
}
