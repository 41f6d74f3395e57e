import { RoomContext } from '@livekit/components-react'
import { act, renderHook } from '@testing-library/react'
import { ConnectionState, Room, RoomEvent } from 'livekit-client'
import type { ReactNode } from 'react'
import { toast } from 'sonner'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { useRoomRecording } from './useRoomRecording'

vi.mock('sonner', () => ({ toast: Object.assign(vi.fn(), { info: vi.fn(), error: vi.fn(), success: vi.fn() }) }))

const RECORDING = '{"recording":{"id":"r1","startedAt":"2026-12-01T13:02:00Z","by":"Ivan Interviewer"}}'

/** A Room whose metadata and connection state the test sets (what the server and LiveKit would). */
function fakeRoom(initial: { metadata?: string; state?: ConnectionState }) {
  const room = new Room()
  let metadata = initial.metadata
  let state = initial.state ?? ConnectionState.Disconnected
  Object.defineProperty(room, 'metadata', { get: () => metadata })
  Object.defineProperty(room, 'state', { get: () => state })
  return {
    room,
    setMetadata(next: string) {
      metadata = next
      act(() => {
        room.emit(RoomEvent.RoomMetadataChanged, next)
      })
    },
    connect() {
      state = ConnectionState.Connected
      act(() => {
        room.emit(RoomEvent.ConnectionStateChanged, state)
      })
    },
  }
}

function renderFor(room: Room) {
  return renderHook(() => useRoomRecording('Cara Candidate'), {
    wrapper: ({ children }: { children: ReactNode }) => <RoomContext.Provider value={room}>{children}</RoomContext.Provider>,
  })
}

beforeEach(() => {
  vi.mocked(toast).mockClear()
  vi.mocked(toast.info).mockClear()
})

describe('useRoomRecording', () => {
  it('reads the metadata once connected: a call already recorded shows it at once, and says so', () => {
    const fake = fakeRoom({})
    const view = renderFor(fake.room)
    expect(view.result.current).toBeNull()
    // The join response brings the metadata; the connection state change makes the hook read it again.
    fake.setMetadata(RECORDING)
    fake.connect()
    expect(view.result.current?.id).toBe('r1')
    expect(vi.mocked(toast).mock.calls.map(([title]) => title)).toEqual(['This call is being recorded'])
  })

  it('follows RoomMetadataChanged: start (named) and stop, for everyone', () => {
    const fake = fakeRoom({ metadata: '', state: ConnectionState.Connected })
    const view = renderFor(fake.room)
    expect(view.result.current).toBeNull()
    fake.setMetadata(RECORDING)
    expect(view.result.current?.by).toBe('Ivan Interviewer')
    expect(vi.mocked(toast).mock.calls.map(([title]) => title)).toEqual(['Ivan Interviewer started recording'])
    fake.setMetadata('{"recording":null}')
    expect(view.result.current).toBeNull()
    expect(vi.mocked(toast).mock.calls.map(([title]) => title)).toEqual(['Ivan Interviewer started recording', 'Recording stopped'])
  })
})
