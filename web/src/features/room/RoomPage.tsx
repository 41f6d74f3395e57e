import { ArrowLeftIcon } from 'lucide-react'
import { useState, useTransition } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Skeleton } from '@/components/ui/skeleton'
import { useInterview } from '@/features/interviews/useInterviews'
import { useLiveUpdates } from '@/features/live/useLiveUpdates'
import { Logo } from '@/features/shell/Logo'
import { useMe } from '@/features/session/useMe'
import { ThemeToggle } from '@/features/theme/ThemeToggle'
import { ApiError } from '@/lib/api'

import { CallView } from './components/CallView'
import { CodeOnlyView } from './components/CodeOnlyView'
import { SetupView } from './components/SetupView'
import { startCall, type CallConnection } from './connect'
import type { CallChoices } from './devices'
import { interviewPath } from './opening'
import type { JoinDetails } from './schema'

import './room.css'

type Session = { kind: 'call'; join: JoinDetails; choices: CallChoices; connection: CallConnection } | { kind: 'code' }

/**
 * `/interviews/:id/room` (lazy: this module is the root of the chunk that holds livekit-client). The setup page
 * first; Join swaps in the call. Outside the app shell, so the call has the whole screen; the live-update stream
 * the shell would open is opened here instead.
 */
export function RoomPage() {
  const { id = '' } = useParams()
  const me = useMe()
  const interview = useInterview(id)
  // `?view=code` opens the code without the call (the interview page links there; so do reviews).
  const [searchParams] = useSearchParams()
  const [session, setSession] = useState<Session | null>(() => (searchParams.get('view') === 'code' ? { kind: 'code' } : null))
  // Join renders the call in a transition (see onJoined).
  const [joining, startJoining] = useTransition()
  useLiveUpdates(Boolean(me.data))

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

  if (interview.data && me.data && session?.kind === 'call') {
    return (
      <div className="flex h-dvh flex-col overflow-hidden bg-background">
        <CallView
          interview={interview.data}
          me={me.data}
          join={session.join}
          choices={session.choices}
          connection={session.connection}
          onRejoin={() => {
            setSession(null)
          }}
        />
      </div>
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
          // Connecting starts here, in the click, not once the call has rendered.
          const connection = startCall(join, choices, undefined, tracks)
          performance.mark('join: connect() called')
          // The call's first render (~40 ms, then its effects) is a transition: React yields to the browser every
          // few milliseconds, so connect()'s steps (promises, the offer, the signal socket's events) go on between
          // them instead of waiting behind it. The setup page stays, its button saying "Joining…", until it is done.
          startJoining(() => {
            setSession({ kind: 'call', join, choices, connection })
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
      <main className="flex-1">{body}</main>
    </div>
  )
}

export default RoomPage
