import { useRoomInfo } from '@livekit/components-react'
import { ConnectionState } from 'livekit-client'
import { useMemo } from 'react'

import { recordingFromMetadata, type RoomRecording } from '@/features/recordings/schema'
import { useRecordingNotices } from '@/features/recordings/useRecordingNotices'

import { useCallConnectionState } from './useCallConnectionState'

/**
 * The recording under way, from the room's metadata (`{"recording": {...} | null}`, set by the server), and the
 * toasts that tell everyone when it starts and stops. components-react's `useRoomInfo` reads `room.metadata`
 * again on RoomMetadataChanged and on every connection state change, so a call already being recorded shows it
 * right after joining.
 */
export function useRoomRecording(myName: string): RoomRecording | null {
  const { metadata } = useRoomInfo()
  const connection = useCallConnectionState()
  const recording = useMemo(() => recordingFromMetadata(metadata), [metadata])
  useRecordingNotices(recording, connection === ConnectionState.Connected, myName)
  return recording
}
