import { ArrowLeftIcon, PhoneOffIcon, RotateCcwIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'

import { exitMessage, type CallExit } from '../exit'
import { interviewPath } from '../opening'

/**
 * Shown over the call once it is over for this page. "Ended" and "removed" move on to the interview page by
 * themselves (CallView's timer); a lost connection offers to rejoin.
 */
export function ExitNotice({
  exit,
  pending,
  interviewId,
  onRejoin,
}: {
  exit: CallExit
  /** Still asking the server who ended the call: say so without a name yet. */
  pending: boolean
  interviewId: string
  onRejoin: () => void
}) {
  if (exit.kind === 'left') return null
  const leaving = exit.kind === 'ended' || exit.kind === 'removed'
  const testId = exit.kind === 'ended' && !pending ? 'room-ended-notice' : 'call-exit-notice'
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="call-exit-title"
        aria-describedby="call-exit-body"
        className="w-full max-w-sm space-y-4 rounded-xl border bg-background p-6 text-center shadow-lg"
        data-testid={testId}
        data-kind={exit.kind}
      >
        <PhoneOffIcon className="mx-auto size-8 text-muted-foreground" aria-hidden="true" />
        <h2 id="call-exit-title" className="text-lg font-semibold">
          {pending ? 'The call has ended.' : exitMessage(exit)}
        </h2>
        <p id="call-exit-body" className="text-sm text-muted-foreground">
          {leaving ? 'Taking you to the interview page…' : 'You can join again, or go back to the interview.'}
        </p>
        <div className="flex flex-col gap-2 sm:flex-row sm:justify-center">
          {!leaving ? (
            <Button onClick={onRejoin} data-testid="call-rejoin">
              <RotateCcwIcon />
              Rejoin
            </Button>
          ) : null}
          <Button asChild variant={leaving ? 'default' : 'outline'}>
            <Link to={interviewPath(interviewId)}>
              <ArrowLeftIcon />
              Back to the interview
            </Link>
          </Button>
        </div>
      </div>
    </div>
  )
}
