import { ClockIcon, FilmIcon, VideoIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'
import { preloadRoomPage } from '@/features/room/load'
import { formatBytes, formatClock } from '@/features/recordings/format'
import { callAvailability, roomPath } from '@/features/room/opening'
import { cn } from '@/lib/utils'

import { others } from '../present'
import type { Interview, RecordingSummary } from '../schema'
import { formatRelative, formatTimeRange } from '../time'
import { AvatarStack } from './AvatarStack'
import { InterviewStatusBadge, OutcomeBadge } from './InterviewBadges'

/** One interview on the dashboard: a link to its page, with "Join call" while the call can be joined. */
export function InterviewCard({ interview, viewerId, now }: { interview: Interview; viewerId?: string; now: Date }) {
  const live = interview.status === 'live'
  const joinable = callAvailability(interview, now).state === 'open'
  const people = others(interview, viewerId)
  const relative =
    interview.status === 'upcoming'
      ? `starts ${formatRelative(interview.startsAt, now)}`
      : live
        ? `ends ${formatRelative(interview.endsAt, now)}`
        : formatRelative(interview.startsAt, now)

  return (
    <article
      data-testid="interview-card"
      data-id={interview.id}
      data-status={interview.status}
      className={cn(
        'group relative flex flex-col gap-3 rounded-xl border bg-card p-4 shadow-xs transition-colors hover:border-foreground/20 sm:flex-row sm:items-center',
        live && 'border-emerald-600/30 bg-emerald-50/40 dark:border-emerald-400/30 dark:bg-emerald-400/5',
        interview.status === 'cancelled' && 'opacity-70',
      )}
    >
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="truncate font-medium">
            <Link
              to={`/interviews/${encodeURIComponent(interview.id)}`}
              className="outline-none after:absolute after:inset-0 after:rounded-xl focus-visible:after:ring-[3px] focus-visible:after:ring-ring/50"
              data-testid="interview-card-link"
            >
              {interview.title}
            </Link>
          </h3>
          <InterviewStatusBadge status={interview.status} />
          {interview.outcome ? <OutcomeBadge outcome={interview.outcome} /> : null}
        </div>
        <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm text-muted-foreground">
          <ClockIcon className="size-3.5 shrink-0" aria-hidden="true" />
          <span data-testid="interview-card-time">{formatTimeRange(interview.startsAt, interview.endsAt)}</span>
          <span aria-hidden="true">·</span>
          <span data-testid="interview-card-relative">{relative}</span>
        </p>
        {interview.recording ? <RecordingLine summary={interview.recording} /> : null}
      </div>
      <div className="flex items-center gap-3">
        {people.length > 0 ? <AvatarStack people={people} /> : null}
        {joinable ? (
          <Button asChild size="sm" className="relative z-10">
            <Link to={roomPath(interview.id)} data-testid="interview-join" onPointerEnter={preloadRoomPage} onFocus={preloadRoomPage}>
              <VideoIcon />
              Join call
            </Link>
          </Button>
        ) : null}
      </div>
    </article>
  )
}

const SUMMARY_STATES: Record<RecordingSummary['state'], string> = {
  recording: 'Recording now',
  interrupted: 'Recording interrupted, being composed',
  composing: 'Recording being composed',
  ready: 'Recorded',
  failed: 'Recording failed',
}

/** The interview's newest recording (interviewers and admins only: the server leaves it out for candidates). */
function RecordingLine({ summary }: { summary: RecordingSummary }) {
  const details = summary.state === 'ready' ? [formatClock(summary.durationSeconds), formatBytes(summary.sizeBytes)] : []
  if (summary.count > 1) details.push(`${summary.count} recordings`)
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-sm text-muted-foreground" data-testid="interview-card-recording" data-state={summary.state}>
      <FilmIcon className="size-3.5 shrink-0" aria-hidden="true" />
      <span className={cn(summary.state === 'failed' && 'text-destructive')}>{SUMMARY_STATES[summary.state]}</span>
      {details.map((detail) => (
        <span key={detail} className="contents">
          <span aria-hidden="true">·</span>
          <span>{detail}</span>
        </span>
      ))}
    </p>
  )
}
