import { ArrowLeftIcon, CalendarClockIcon, CodeXmlIcon, PencilIcon, VideoIcon } from 'lucide-react'
import { Link, useParams } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { displayName } from '@/features/session/present'
import type { User } from '@/features/session/schema'
import { UserAvatar } from '@/features/session/UserAvatar'
import { useMe } from '@/features/session/useMe'
import { useNow } from '@/hooks/useNow'
import { ApiError } from '@/lib/api'

import { CancelInterviewButton } from './components/CancelInterviewButton'
import { CommentsPanel } from './components/CommentsPanel'
import { InterviewStatusBadge, OutcomeBadge } from './components/InterviewBadges'
import { OutcomeControls } from './components/OutcomeControls'
import { formatDuration } from './present'
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

/** Interviewers on it and admins manage an interview; the server enforces the same rule. */
function isStaff(interview: Interview, me: User): boolean {
  if (me.role === 'admin') return true
  if (me.role !== 'interviewer') return false
  return interview.owner?.id === me.id || interview.interviewers.some((person) => person.id === me.id)
}

function InterviewView({ interview, me }: { interview: Interview; me: User }) {
  const now = useNow()
  const staff = isStaff(interview, me)
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
          <JoinArea interview={interview} />
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
          {staff && started ? (
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
          {staff ? <CommentsPanel interviewId={interview.id} /> : null}
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

/** Where the call and the shared editor will open (they arrive with the collaboration work). */
function JoinArea({ interview }: { interview: Interview }) {
  const messages: Record<Interview['status'], string> = {
    upcoming: 'It opens here when the interview starts. Keep this link: it is the interview’s join link.',
    live: 'The interview is live now.',
    completed: 'This interview has ended.',
    cancelled: 'This interview was cancelled.',
  }
  return (
    <section
      className="flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-10 text-center"
      data-testid="join-area"
      data-status={interview.status}
    >
      <div className="flex items-center gap-2 text-muted-foreground">
        <VideoIcon className="size-5" />
        <CodeXmlIcon className="size-5" />
      </div>
      <p className="font-medium">The call room and the shared editor open here</p>
      <p className="max-w-md text-sm text-muted-foreground">{messages[interview.status]}</p>
      {interview.docs ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-left text-xs" data-testid="interview-docs">
          <dt className="text-muted-foreground">Code document</dt>
          <dd className="font-mono break-all">{interview.docs.code}</dd>
          <dt className="text-muted-foreground">Problem document</dt>
          <dd className="font-mono break-all">{interview.docs.problem}</dd>
          {interview.docs.notes ? (
            <>
              <dt className="text-muted-foreground">Notes document</dt>
              <dd className="font-mono break-all">{interview.docs.notes}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  )
}
