import { ConnectionState, TrackEvent, type RemoteTrack, type Room } from 'livekit-client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { videoWithFrames } from '@/test/fakes'

import { FRAME_WAIT_MS, afterFirstFrame, whenFirstPicture } from './firstFrame'

/** A remote track whose attached elements can start playing and present frames. */
function fakeTrack(elements: HTMLMediaElement[]) {
  let started: (() => void) | undefined
  const track = {
    attachedElements: elements,
    once: (event: string, fn: () => void) => {
      if (event === (TrackEvent.VideoPlaybackStarted as string)) started = fn
    },
    off: (event: string, fn: () => void) => {
      if (event === (TrackEvent.VideoPlaybackStarted as string) && started === fn) started = undefined
    },
  }
  return { track: track as unknown as RemoteTrack, play: () => started?.() }
}

describe('afterFirstFrame', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('calls back once the playing video presents a frame, in a task after it, once', () => {
    const a = videoWithFrames()
    const b = videoWithFrames()
    const { track, play } = fakeTrack([a.video, b.video])
    const fn = vi.fn()
    afterFirstFrame(track, fn)
    a.present()
    vi.runAllTimers()
    expect(fn).not.toHaveBeenCalled() // a frame callback is asked for only once playback started
    play()
    vi.advanceTimersByTime(FRAME_WAIT_MS - 1)
    expect(fn).not.toHaveBeenCalled()
    b.present()
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(0)
    expect(fn).toHaveBeenCalledTimes(1)
    a.present()
    vi.runAllTimers()
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('calls back anyway when no frame comes within FRAME_WAIT_MS of playback starting', () => {
    const { video } = videoWithFrames()
    const { track, play } = fakeTrack([video])
    const fn = vi.fn()
    afterFirstFrame(track, fn)
    play()
    vi.advanceTimersByTime(FRAME_WAIT_MS - 1)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    vi.runOnlyPendingTimers() // fn's own task
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('follows the start of playback where requestVideoFrameCallback is missing', () => {
    const { track, play } = fakeTrack([document.createElement('video')])
    const fn = vi.fn()
    afterFirstFrame(track, fn)
    play()
    expect(fn).not.toHaveBeenCalled()
    vi.runAllTimers()
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('calls nothing once cancelled, before or after playback started', () => {
    const early = fakeTrack([document.createElement('video')])
    const fn = vi.fn()
    afterFirstFrame(early.track, fn)()
    early.play()
    vi.runAllTimers()
    const frames = videoWithFrames()
    const late = fakeTrack([frames.video])
    const cancel = afterFirstFrame(late.track, fn)
    late.play()
    frames.present()
    cancel()
    vi.runAllTimers()
    expect(fn).not.toHaveBeenCalled()
  })
})

describe('whenFirstPicture', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A room with no remote video, connected or not, that counts its listeners. */
  function quietRoom(state: ConnectionState) {
    const listeners = new Set<unknown>()
    const room = {
      state,
      remoteParticipants: new Map([['other', { trackPublications: new Map() }]]),
      on: (_event: string, fn: unknown) => (listeners.add(fn), room),
      off: (_event: string, fn: unknown) => (listeners.delete(fn), room),
    }
    return { room: room as unknown as Room, listeners }
  }

  it('calls at once when the room is connected already and nobody else publishes video, and lets go of the room', () => {
    const { room, listeners } = quietRoom(ConnectionState.Connected)
    const fn = vi.fn()
    whenFirstPicture(room, fn, 1_000)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(listeners.size).toBe(0)
    vi.runAllTimers()
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('calls after the deadline while connecting, and nothing once cancelled', () => {
    const { room, listeners } = quietRoom(ConnectionState.Connecting)
    const fn = vi.fn()
    whenFirstPicture(room, fn, 1_000)
    vi.advanceTimersByTime(999)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(1)
    const cancelled = vi.fn()
    whenFirstPicture(room, cancelled, 1_000)()
    vi.runAllTimers()
    expect(cancelled).not.toHaveBeenCalled()
    expect(listeners.size).toBe(0)
  })
})
