import { useEffect, useRef } from 'react'
import { toast } from 'sonner'

import { recordingNotice } from './format'
import type { RoomRecording } from './schema'

/** One toast id: a start quickly followed by a stop replaces the first notice instead of stacking. */
const TOAST_ID = 'call-recording'

/**
 * Toasts when the call's recording starts or stops, for everyone in it (the candidate too), driven by the room's
 * metadata rather than by the Record button. The first look after connecting is the baseline: a call already
 * being recorded says so. While disconnected nothing is compared, so a change missed during a reconnect is told
 * once the room is back.
 */
export function useRecordingNotices(recording: RoomRecording | null, connected: boolean, myName: string) {
  const seen = useRef<RoomRecording | null | undefined>(undefined)
  useEffect(() => {
    if (!connected) return
    const notice = recordingNotice(seen.current, recording, myName)
    seen.current = recording
    if (!notice) return
    if (notice.kind === 'stopped') toast(notice.title, { id: TOAST_ID, description: 'Nothing more is recorded.' })
    // Neutral, not toast.info: richColors' info blue on pale blue is under 4.5:1 (axe).
    else toast(notice.title, { id: TOAST_ID, description: 'Everyone in the call is recorded.' })
  }, [recording, connected, myName])
}
