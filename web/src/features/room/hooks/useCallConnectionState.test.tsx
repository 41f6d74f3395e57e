import { RoomContext } from '@livekit/components-react'
import { act, render, screen } from '@testing-library/react'
import { ConnectionState, Room, RoomEvent } from 'livekit-client'
import { useRef } from 'react'
import { describe, expect, it } from 'vitest'

import { useCallConnectionState } from './useCallConnectionState'

/** A Room whose connection state the test sets, announcing each change as livekit-client does. */
function fakeRoom(initial: ConnectionState) {
  const room = new Room()
  let state = initial
  Object.defineProperty(room, 'state', { get: () => state })
  return {
    room,
    set(next: ConnectionState) {
      state = next
      room.emit(RoomEvent.ConnectionStateChanged, next)
    },
  }
}

describe('useCallConnectionState', () => {
  it('follows the connection state changes', () => {
    const fake = fakeRoom(ConnectionState.Connecting)
    function Probe() {
      return <span data-testid="state">{useCallConnectionState()}</span>
    }
    render(
      <RoomContext.Provider value={fake.room}>
        <Probe />
      </RoomContext.Provider>,
    )
    expect(screen.getByTestId('state').textContent).toBe(ConnectionState.Connecting)
    act(() => {
      fake.set(ConnectionState.Connected)
    })
    expect(screen.getByTestId('state').textContent).toBe(ConnectionState.Connected)
    act(() => {
      fake.set(ConnectionState.Reconnecting)
    })
    expect(screen.getByTestId('state').textContent).toBe(ConnectionState.Reconnecting)
  })

  it('does not miss a change that happens after the first render and before its effects run', () => {
    // The join connects from the Join click while the call renders: the room can become connected between the
    // render that read "connecting" and the moment a listener is added. components-react's useConnectionState
    // stays on "connecting" then (checked: this test fails with it).
    const fake = fakeRoom(ConnectionState.Connecting)
    function Probe() {
      const state = useCallConnectionState(fake.room)
      const first = useRef(true)
      if (first.current) {
        first.current = false
        fake.set(ConnectionState.Connected)
      }
      return <span data-testid="state">{state}</span>
    }
    render(<Probe />)
    expect(screen.getByTestId('state').textContent).toBe(ConnectionState.Connected)
  })
})
