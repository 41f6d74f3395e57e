import { useRoomContext } from '@livekit/components-react'
import { RoomEvent, type Participant } from 'livekit-client'
import { useEffect, useState } from 'react'

/**
 * The identity of the remote participant who spoke last. It stays when everyone is quiet, so the speaker layout
 * does not jump back and forth between pauses.
 */
export function useLastSpeaker(): string | null {
  const room = useRoomContext()
  const [identity, setIdentity] = useState<string | null>(null)
  useEffect(() => {
    const onChange = (speakers: Participant[]) => {
      const remote = speakers.find((speaker) => !speaker.isLocal)
      if (remote) setIdentity(remote.identity)
    }
    room.on(RoomEvent.ActiveSpeakersChanged, onChange)
    return () => {
      room.off(RoomEvent.ActiveSpeakersChanged, onChange)
    }
  }, [room])
  return identity
}
