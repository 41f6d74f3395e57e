import { ArrowLeftIcon } from 'lucide-react'
import { useCallback, useLayoutEffect, useState, useTransition, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Skeleton } from '@/components/ui/skeleton'
import { useInterview } from '@/features/interviews/useInterviews'
import { useLiveUpdates } from '@/features/live/useLiveUpdates'
import { Logo } from '@/features/shell/Logo'
import { useMe } from '@/features/session/useMe'
import { ThemeToggle } from '@/features/theme/ThemeToggle'
import { ApiError } from '@/lib/api'
import { cn } from '@/lib/utils'

import { CallView } from './components/CallView'
import { CodeOnlyView } from './components/CodeOnlyView'
import { SetupView } from './components/SetupView'
import { useJoinGrant } from './api'
import { CallShownContext } from './callShown'
import { prepareCall, startCall, type CallConnection } from './connect'
import { browserStorage, loadChoices } from './devices'
import { interviewPath } from './opening'
import type { JoinDetails } from './schema'

import './room.css'

type Session = { kind: 'call'; join: JoinDetails; connection: CallConnection } | { kind: 'code' }

/**
 * `/interviews/:id/room` (lazy: this module is the root of the chunk that holds livekit-client). The setup page
 * first; Join swaps in the call. Outside the app shell, so the call has the whole screen; the live-update stream
 * the shell would open is opened here instead.
 *
 * While the setup page is open and a join grant is at hand, the call is already rendered, invisible and inert, on
 * a Room made ready for it (`prepareCall`): Join then starts connecting that Room and makes the call visible, whose
 * render, layout and effects are done (join latency, issue 10).
 */
export function RoomPage() {
  const { id = '' } = useParams()
  const me = useMe()
  const interview = useInterview(id)
  // `?view=code` opens the code without the call (the interview page links there; so do reviews).
  const [searchParams] = useSearchParams()
  const [session, setSession] = useState<Session | null>(() => (searchParams.get('view') === 'code' ? { kind: 'code' } : null))
  // When Join has to render the call (the grant was renewed at the click), it does so in a transition (see onJoined).
  const [joining, startJoining] = useTransition()
  useLiveUpdates(Boolean(me.data))
  // The call made ready before Join, and the grant it is rendered with (fetched ahead by the setup page).
  // A call that ended is not shown again: the next one is a new CallView (`attempt` keys it) on a new Room.
  const [{ prepared, attempt }, setPrepared] = useState(() => ({ prepared: prepareCall(loadChoices(browserStorage())), attempt: 0 }))
  // The same query the setup page fetches when the call is open; read here only (not enabled), never fetched twice.
  const grant = useJoinGrant(id, false).data
  const onRejoin = useCallback(() => {
    setPrepared((current) => ({ prepared: prepareCall(loadChoices(browserStorage())), attempt: current.attempt + 1 }))
    setSession(null)
  }, [])

  // For bench/room's trace of a join (TRACE=1): when the call is on the screen.
  const shown = session?.kind === 'call'
  useLayoutEffect(() => {
    if (shown) performance.mark('call: shown')
  }, [shown])

  if (interview.data && me.data && session?.kind === 'code') {
    return (
      <CodeOnlyView
        interview={interview.data}
        me={me.data}
        onJoinCall={() => {
          setSession(null)
        }}
      />
    )
  }

  let body
  if (interview.data && me.data) {
    body = (
      <SetupView
        interview={interview.data}
        me={me.data}
        joining={joining}
        onJoined={(join, choices, tracks) => {
          // Connecting starts here, in the click. On the prepared Room when the call was rendered ahead with this
          // grant: showing it is then only a repaint (and the setup page's removal), done at once — not in a
          // transition, which the call's own updates while joining could hold back past the first remote frame
          // (an invisible <video> presents no frame). Else (the grant was renewed at the click) on a new Room,
          // and the call renders in a transition, React yielding between its steps so connect()'s go on
          // meanwhile; the setup page stays, its button saying "Joining…", until it is done.
          if (join === grant) {
            prepared.start(join, choices, tracks)
            performance.mark('join: connect() called')
            setSession({ kind: 'call', join, connection: prepared })
            return
          }
          const connection = startCall(join, choices, undefined, tracks)
          performance.mark('join: connect() called')
          startJoining(() => {
            setSession({ kind: 'call', join, connection })
          })
        }}
        onOpenCode={
          interview.data.docs
            ? () => {
                setSession({ kind: 'code' })
              }
            : undefined
        }
      />
    )
  } else if (interview.isError) {
    const notFound = interview.error instanceof ApiError && (interview.error.status === 404 || interview.error.status === 403)
    body = (
      <div className="mx-auto max-w-xl p-6">
        <ErrorState
          error={interview.error}
          title={notFound ? 'Interview not found' : undefined}
          onRetry={notFound ? undefined : () => void interview.refetch()}
          retrying={interview.isFetching}
        />
      </div>
    )
  } else {
    body = (
      <div className="mx-auto grid w-full max-w-5xl gap-6 p-6 lg:grid-cols-[1fr_22rem]" role="status" aria-busy="true" aria-label="Loading the call">
        <Skeleton className="aspect-video w-full rounded-xl" />
        <div className="space-y-3">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-5 w-64" />
          <Skeleton className="h-10 w-full" />
        </div>
      </div>
    )
  }

  // The call: shown after Join, rendered ahead before it, invisible and inert under the setup page, so that it
  // is laid out and its effects run before the click. One element in one place: Join makes it visible (a repaint)
  // instead of rendering and laying it out (CallView is memoized; its props are the same objects).
  const inCall = session?.kind === 'call'
  const call = inCall ? session : session === null && grant ? { join: grant, connection: prepared } : null
  const callView =
    interview.data && me.data && call ? (
      <div
        key={attempt}
        className={cn('fixed inset-0 flex flex-col overflow-hidden bg-background', !inCall && 'invisible')}
        inert={!inCall}
        data-testid="call-frame"
        data-shown={inCall}
      >
        <CallShownContext.Provider value={inCall}>
          <CallView interview={interview.data} me={me.data} join={call.join} connection={call.connection} onRejoin={onRejoin} />
        </CallShownContext.Provider>
      </div>
    ) : null
  return (
    <>
      {inCall ? null : <SetupShell id={id}>{body}</SetupShell>}
      {callView}
    </>
  )
}

/** The setup page's frame: the logo, the way back to the interview, the theme. */
function SetupShell({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b">
        <div className="mx-auto flex h-14 w-full max-w-5xl items-center gap-2 px-4 sm:px-6">
          <Logo />
          <Link
            to={interviewPath(id)}
            className="ml-auto flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            data-testid="setup-back"
          >
            <ArrowLeftIcon className="size-4" aria-hidden="true" />
            <span className="hidden sm:inline">Back to the interview</span>
            <span className="sm:hidden">Back</span>
          </Link>
          <ThemeToggle />
        </div>
      </header>
      <main className="flex-1">{children}</main>
    </div>
  )
}

export default RoomPage
