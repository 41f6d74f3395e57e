import { DisconnectReason } from 'livekit-client'

import type { CallExit } from './exit'

/** What a LiveKit disconnect means for the person (the "room-ended" message, when it came first, wins). */
export function exitForDisconnect(reason: DisconnectReason | undefined): CallExit {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return { kind: 'left' }
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return { kind: 'ended', by: null }
    case DisconnectReason.PARTICIPANT_REMOVED:
      return { kind: 'removed' }
    case DisconnectReason.DUPLICATE_IDENTITY:
      return { kind: 'replaced' }
    default:
      return { kind: 'lost' }
  }
}
