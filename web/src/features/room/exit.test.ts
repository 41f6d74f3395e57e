import { DisconnectReason } from 'livekit-client'
import { describe, expect, it } from 'vitest'

import { exitForDisconnect } from './disconnect'
import { exitFromState, exitMessage, mergeExit } from './exit'

describe('how a call ends', () => {
  it('reads LiveKit’s disconnect reasons', () => {
    expect(exitForDisconnect(DisconnectReason.CLIENT_INITIATED)).toEqual({ kind: 'left' })
    expect(exitForDisconnect(DisconnectReason.ROOM_DELETED)).toEqual({ kind: 'ended', by: null })
    expect(exitForDisconnect(DisconnectReason.PARTICIPANT_REMOVED)).toEqual({ kind: 'removed' })
    expect(exitForDisconnect(DisconnectReason.DUPLICATE_IDENTITY)).toEqual({ kind: 'replaced' })
    expect(exitForDisconnect(DisconnectReason.SIGNAL_CLOSE)).toEqual({ kind: 'lost' })
    expect(exitForDisconnect(undefined)).toEqual({ kind: 'lost' })
  })

  it('says who ended it', () => {
    expect(exitMessage({ kind: 'ended', by: 'Ada Lovelace' })).toBe('Ada Lovelace ended the call.')
    expect(exitMessage({ kind: 'ended', by: '' })).toBe('You ended the call for everyone.')
    expect(exitMessage({ kind: 'ended', by: null })).toBe('The call was ended.')
  })

  it('keeps the first reason, but learns who ended the call', () => {
    expect(mergeExit(null, { kind: 'lost' })).toEqual({ kind: 'lost' })
    expect(mergeExit({ kind: 'ended', by: 'Ada' }, { kind: 'ended', by: null })).toEqual({ kind: 'ended', by: 'Ada' })
    expect(mergeExit({ kind: 'ended', by: null }, { kind: 'ended', by: 'Ada' })).toEqual({ kind: 'ended', by: 'Ada' })
    expect(mergeExit({ kind: 'removed' }, { kind: 'ended', by: 'Ada' })).toEqual({ kind: 'removed' })
  })

  it('reads only a well-formed exit from the router state', () => {
    expect(exitFromState({ callExit: { kind: 'removed' } })).toEqual({ kind: 'removed' })
    expect(exitFromState({ callExit: { kind: 'ended' } })).toBeNull()
    expect(exitFromState({ other: 1 })).toBeNull()
    expect(exitFromState(null)).toBeNull()
  })
})
