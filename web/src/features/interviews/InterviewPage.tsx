import { ArrowLeftIcon, CalendarClockIcon, PencilIcon, PhoneOffIcon } from 'lucide-react'
import { Link, useLocation, useParams } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { RecordingsSection } from '@/features/recordings/components/RecordingsSection'
import { exitFromState, exitMessage, type CallExit } from '@/features/room/exit'
import { roomPath } from '@/features/room/opening'
import { displayName } from '@/features/session/present'
import type { User } from '@/features/session/schema'
import { UserAvatar } from '@/features/session/UserAvatar'
import { useMe } from '@/features/session/useMe'
import { useNow } from '@/hooks/useNow'
import { ApiError } from '@/lib/api'

import { CallArea } from './components/CallArea'
import { CallRecord } from './components/CallRecord'
import { CancelInterviewButton } from './components/CancelInterviewButton'
import { CommentsPanel } from './components/CommentsPanel'
import { InterviewStatusBadge, OutcomeBadge } from './components/InterviewBadges'
import { OutcomeControls } from './components/OutcomeControls'
import { formatDuration, onPanel } from './present'
import type { Interview, Person } from './schema'
import { formatRelative, formatTimeRange } from './time'
import { useInterview } from './useInterviews'

/** /interviews/:id — every interview's join link. */
export function InterviewPage() {
  const { id = '' } = useParams()
  const me = useMe()
  const interview = useInterview(id)

  if (interview.data && me.data) return <InterviewView interview={interview.data} me={me.data} />
  if (interview.isError) {
    const notFound = interview.error instanceof ApiError && (interview.error.status === 404 || interview.error.status === 403)
    return (
      <ErrorState
        error={interview.error}
        title={notFound ? 'Interview not found' : undefined}
        onRetry={notFound ? undefined : () => void interview.refetch()}
        retrying={interview.isFetching}
      />
    )
  }
  return (
    <div className="space-y-6" role="status" aria-busy="true" aria-label="Loading the interview">
      <Skeleton className="h-9 w-72" />
      <Skeleton className="h-5 w-96" />
      <Skeleton className="h-48 w-full" />
    </div>
  )
}

/**
 * Interviewers on it and admins comment and decide the outcome (schedule's canReview): an owner who scheduled it
 * without sitting on the panel sees the outcome, not the comments.
 */
function isReviewer(interview: Interview, me: User): boolean {
  return me.role === 'admin' || (me.role === 'interviewer' && onPanel(interview, me.id))
}

/** Reviewers and its owner manage an interview (recordings, the call's controls); the server enforces the same rule. */
function isStaff(interview: Interview, me: User): boolean {
  return isReviewer(interview, me) || (me.role === 'interviewer' && interview.owner?.id === me.id)
}

function InterviewView({ interview, me }: { interview: Interview; me: User }) {
  const now = useNow()
  const location = useLocation()
  const callExit = exitFromState(location.state)
  const staff = isStaff(interview, me)
  const reviewer = isReviewer(interview, me)
  const started = interview.status === 'live' || interview.status === 'completed'
  const relative =
    interview.status === 'upcoming'
      ? `starts ${formatRelative(interview.startsAt, now)}`
      : interview.status === 'live'
        ? `ends ${formatRelative(interview.endsAt, now)}`
        : formatRelative(interview.startsAt, now)

  return (
    <div className="space-y-8" data-testid="interview-page" data-id={interview.id} data-status={interview.status}>
      <Button asChild variant="ghost" size="sm" className="-ml-3">
        <Link to="/">
          <ArrowLeftIcon />
          Dashboard
        </Link>
      </Button>

      {callExit ? <CallExitNotice exit={callExit} interview={interview} me={me} /> : null}

      <header className="flex flex-col gap-4 md:flex-row md:items-start md:justify-between">
        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight break-words" data-testid="interview-title">
              {interview.title}
            </h1>
            <InterviewStatusBadge status={interview.status} testId="interview-status" />
          </div>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
            <CalendarClockIcon className="size-4" aria-hidden="true" />
            <span data-testid="interview-time">{formatTimeRange(interview.startsAt, interview.endsAt)}</span>
            <span aria-hidden="true">·</span>
            <span>{formatDuration(interview.durationMinutes)}</span>
            <span aria-hidden="true">·</span>
            <span>{relative}</span>
          </p>
          {staff || interview.outcome ? (
            <p className="flex items-center gap-2 text-sm" data-testid="interview-outcome" data-outcome={interview.outcome ?? ''}>
              <span className="text-muted-foreground">Outcome:</span>
              {interview.outcome ? <OutcomeBadge outcome={interview.outcome} /> : <span>not decided yet</span>}
            </p>
          ) : null}
        </div>
        {staff && (interview.status === 'upcoming' || interview.status === 'live') ? (
          <div className="flex shrink-0 flex-wrap gap-2">
            {interview.status === 'upcoming' ? (
              <Button asChild variant="outline" size="sm">
                <Link to={`/interviews/${encodeURIComponent(interview.id)}/edit`} data-testid="interview-edit">
                  <PencilIcon />
                  Edit
                </Link>
              </Button>
            ) : null}
            <CancelInterviewButton interview={interview} />
          </div>
        ) : null}
      </header>

      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-6">
          <CallArea interview={interview} />
          <CallRecord interview={interview} myId={me.id} />
          {staff ? <RecordingsSection interviewId={interview.id} /> : null}
          {interview.description ? (
            <Card>
              <CardHeader>
                <CardTitle>About this interview</CardTitle>
              </CardHeader>
              <CardContent>
                <p className="text-sm whitespace-pre-wrap" data-testid="interview-description">
                  {interview.description}
                </p>
              </CardContent>
            </Card>
          ) : null}
          {reviewer && started ? (
            <Card>
              <CardHeader>
                <CardTitle>Outcome</CardTitle>
                <CardDescription>Decide once you have seen enough; you can change it later.</CardDescription>
              </CardHeader>
              <CardContent>
                <OutcomeControls interview={interview} />
              </CardContent>
            </Card>
          ) : null}
          {reviewer ? <CommentsPanel interviewId={interview.id} /> : null}
        </div>
        <Card className="h-fit">
          <CardHeader>
            <CardTitle>People</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <PersonRow person={interview.candidate} label="Candidate" me={me} />
            {interview.interviewers.map((person) => (
              <PersonRow key={person.id} person={person} label="Interviewer" me={me} />
            ))}
            {interview.docs ? (
              <div className="border-t pt-4">
                <DocsList docs={interview.docs} />
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </div>
  )
}

function PersonRow({ person, label, me }: { person: Person; label: string; me: User }) {
  return (
    <div className="flex items-center gap-3" data-testid="interview-participant" data-email={person.email}>
      <UserAvatar user={person} />
      <div className="min-w-0">
        <p className="flex items-center gap-2 truncate text-sm font-medium">
          <span className="truncate">{displayName(person)}</span>
          {person.id === me.id ? <Badge variant="secondary">you</Badge> : null}
        </p>
        <p className="text-xs text-muted-foreground">{label}</p>
      </div>
    </div>
  )
}

/** Why the viewer is back here from the call (sent by the room in the router's state). */
function CallExitNotice({ exit: sent, interview, me }: { exit: CallExit; interview: Interview; me: User }) {
  // The room may not have learnt who ended the call; the interview knows.
  const endedBy = interview.callEndedBy
  const exit =
    sent.kind === 'ended' && sent.by === null && endedBy ? { ...sent, by: endedBy.id === me.id ? '' : displayName(endedBy) } : sent
  const rejoin = exit.kind !== 'ended' && (interview.status === 'live' || interview.status === 'upcoming')
  return (
    <Alert
      variant={exit.kind === 'left' ? 'default' : 'info'}
      data-testid={exit.kind === 'ended' ? 'room-ended-notice' : 'call-exit-notice'}
      data-kind={exit.kind}
    >
      <PhoneOffIcon />
      <AlertTitle>{exitMessage(exit)}</AlertTitle>
      {rejoin ? (
        <AlertDescription>
          <Link to={roomPath(interview.id)} className="underline underline-offset-4" data-testid="call-exit-rejoin">
            Rejoin the call
          </Link>
        </AlertDescription>
      ) : null}
    </Alert>
  )
}

/** The ids of the interview's shared documents (the live editor uses them). */
function DocsList({ docs }: { docs: NonNullable<Interview['docs']> }) {
  return (
    <dl className="grid gap-0.5 text-xs [&_dd]:mb-1.5" data-testid="interview-docs">
      <dt className="text-muted-foreground">Code document</dt>
      <dd className="font-mono break-all">{docs.code}</dd>
      <dt className="text-muted-foreground">Problem document</dt>
      <dd className="font-mono break-all">{docs.problem}</dd>
      {docs.notes ? (
        <>
          <dt className="text-muted-foreground">Notes document</dt>
          <dd className="font-mono break-all">{docs.notes}</dd>
        </>
      ) : null}
    </dl>
  )
}
