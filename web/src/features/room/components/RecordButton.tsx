import { CircleIcon, SquareIcon } from 'lucide-react'
import { useEffect, useState } from 'react'
import { toast } from 'sonner'

import { useStartRecording, useStopRecording } from '@/features/recordings/useRecordings'

import { ControlButton } from './ControlButton'

/** How long the button waits for the room's metadata to follow a successful start or stop before trusting it again. */
const SETTLE_MS = 10_000

/**
 * Owner and admin: start or stop recording the call. Its pressed state is the room's (`recording`, from the
 * metadata every participant sees); after a successful request it shows the asked-for state until the metadata
 * catches up, and stays disabled meanwhile. The notices come from the metadata too, not from here.
 */
export function RecordButton({ interviewId, recording }: { interviewId: string; recording: boolean }) {
  const start = useStartRecording(interviewId)
  const stop = useStopRecording(interviewId)
  // The state asked for and granted, until the room's metadata says the same.
  const [asked, setAsked] = useState<boolean | null>(null)
  if (asked !== null && asked === recording) setAsked(null)
  useEffect(() => {
    if (asked === null) return
    const timer = setTimeout(() => {
      setAsked(null)
    }, SETTLE_MS)
    return () => {
      clearTimeout(timer)
    }
  }, [asked])

  const on = asked ?? recording
  const busy = start.isPending || stop.isPending || asked !== null

  return (
    <ControlButton
      data-testid="record-toggle"
      data-enabled={on}
      aria-pressed={on}
      aria-busy={busy}
      disabled={busy}
      onClick={() => {
        const [request, verb] = on ? [stop, 'stop'] : [start, 'start']
        request.mutate(undefined, {
          onSuccess: () => {
            setAsked(!on)
          },
          onError: (error) => {
            toast.error(`Could not ${verb} recording`, { description: error.message })
          },
        })
      }}
      Icon={on ? SquareIcon : CircleIcon}
      label="Record"
      tone={on ? 'off' : 'neutral'}
      tooltip={on ? 'Stop recording the call' : 'Record the call (everyone is told)'}
    />
  )
}
