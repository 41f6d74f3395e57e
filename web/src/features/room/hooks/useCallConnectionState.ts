import { useEnsureRoom } from '@livekit/components-react'
import { RoomEvent, type ConnectionState, type Room } from 'livekit-client'
import { useCallback, useSyncExternalStore } from 'react'

/**
 * The room's connection state, read from `room.state` itself.
 *
 * Not components-react's `useConnectionState`: its observable is made during render with `startWith(room.state)`
 * and subscribes in an effect, so a state change between the two (our join connects from the Join click, before
 * the call renders) is missed and the call shows "Connecting…" for good. `useSyncExternalStore` reads the state
 * again when it subscribes and renders again when it differs.
 */
export function useCallConnectionState(room?: Room): ConnectionState {
  const r = useEnsureRoom(room)
  const subscribe = useCallback(
    (changed: () => void) => {
      r.on(RoomEvent.ConnectionStateChanged, changed)
      return () => {
        r.off(RoomEvent.ConnectionStateChanged, changed)
      }
    },
    [r],
  )
  return useSyncExternalStore(subscribe, () => r.state)
}
