import { VideoIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'
import { preloadRoomPage } from '@/features/room/load'
import { callAvailability, formatOpensAt, OPENS_BEFORE_MINUTES, roomPath } from '@/features/room/opening'
import { useNow } from '@/hooks/useNow'
import { cn } from '@/lib/utils'

import type { Interview } from '../schema'
import { formatDateTime, formatStay } from '../time'

/** The interview's call: when it opens (in the viewer's time), a Join button while it can be joined. */
export function CallArea({ interview }: { interview: Interview }) {
  const now = useNow(15_000)
  const availability = callAvailability(interview, now)

  let headline: string
  let detail: string
  switch (availability.state) {
    case 'open':
      headline = interview.status === 'live' ? 'The interview is live' : 'The call is open'
      detail =
        interview.status === 'live'
          ? interview.callStartedAt
            ? `The call started at ${formatDateTime(interview.callStartedAt)}. Join it from here.`
            : 'Join the call from here.'
          : `It opened ${String(OPENS_BEFORE_MINUTES)} minutes before the start: join to check your camera and microphone and wait for the others.`
      break
    case 'early':
      headline = `The call opens at ${formatOpensAt(availability.opensAt, now)}`
      detail = `That is ${String(OPENS_BEFORE_MINUTES)} minutes before the start, in your time zone. You can check your camera and microphone before then.`
      break
    case 'ended':
      headline = 'This interview has ended'
      detail =
        interview.callStartedAt && interview.callEndedAt
          ? `The call ran ${formatStay(interview.callStartedAt, interview.callEndedAt)}.`
          : 'The chat and the attendance of the call are kept below.'
      break
    case 'cancelled':
      headline = 'This interview was cancelled'
      detail = 'There is no call to join.'
      break
  }
  const canJoin = availability.state === 'open' || availability.state === 'early'

  return (
    <section
      className={cn(
        'flex flex-col gap-4 rounded-xl border p-5 sm:flex-row sm:items-center',
        availability.state === 'open' && 'border-emerald-600/30 bg-emerald-50/40 dark:border-emerald-400/30 dark:bg-emerald-400/5',
      )}
      data-testid="join-area"
      data-status={interview.status}
      data-state={availability.state}
      aria-labelledby="call-area-title"
    >
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-muted" aria-hidden="true">
        <VideoIcon className="size-5" />
      </span>
      <div className="min-w-0 flex-1 space-y-1">
        <h2 id="call-area-title" className="font-medium" data-testid="join-area-headline">
          {headline}
        </h2>
        <p className="text-sm text-muted-foreground">{detail}</p>
      </div>
      {canJoin ? (
        <Button asChild variant={availability.state === 'open' ? 'default' : 'outline'} className="shrink-0">
          <Link to={roomPath(interview.id)} data-testid="interview-join" onPointerEnter={preloadRoomPage} onFocus={preloadRoomPage}>
            <VideoIcon />
            {availability.state === 'open' ? 'Join call' : 'Check camera and microphone'}
          </Link>
        </Button>
      ) : null}
    </section>
  )
}
