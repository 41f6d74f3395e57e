import { ConnectionState, RoomEvent, Track, TrackEvent, type Room } from 'livekit-client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { videoWithFrames } from '@/test/fakes'

import { PUBLISH_AFTER_MS, prepareCall, startCall } from './connect'
import type { CallChoices } from './devices'
import type { HandedTracks } from './preview'

const join = { url: 'ws://lk.test', token: 't', identity: 'me', name: 'Me', role: 'candidate' as const }
const choices: CallChoices = { audioEnabled: true, videoEnabled: true, audioDeviceId: '', videoDeviceId: '', audioOutputDeviceId: '' }

/** What startCall uses of a Room: events, connect, the local participant's toggles, the others' publications. */
function fakeRoom(othersPublishVideo: boolean) {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const local = {
    isMicrophoneEnabled: false,
    isCameraEnabled: false,
    setMicrophoneEnabled: vi.fn(() => Promise.resolve()),
    setCameraEnabled: vi.fn(() => Promise.resolve()),
    publishTrack: vi.fn(() => Promise.resolve()),
  }
  const publications = othersPublishVideo ? new Map([['TR_1', { kind: Track.Kind.Video }]]) : new Map()
  const room = {
    on: (event: string, fn: (...args: unknown[]) => void) => {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(fn))
      return room
    },
    once: (event: string, fn: (...args: unknown[]) => void) => {
      const wrapped = (...args: unknown[]) => {
        listeners.get(event)?.delete(wrapped)
        fn(...args)
      }
      listeners.set(event, (listeners.get(event) ?? new Set()).add(wrapped))
      return room
    },
    off: (event: string, fn: (...args: unknown[]) => void) => {
      listeners.get(event)?.delete(fn)
      return room
    },
    connect: vi.fn(() => Promise.resolve()),
    state: ConnectionState.Disconnected,
    localParticipant: local,
    remoteParticipants: new Map([['other', { trackPublications: publications }]]),
  }
  return { room: room as unknown as Room, local, emit: (event: string, ...args: unknown[]) => {
      // As livekit-client does: the state is connected before Connected is emitted.
      if (event === (RoomEvent.Connected as string)) room.state = ConnectionState.Connected
      for (const fn of [...(listeners.get(event) ?? [])]) fn(...args)
    },
    connect: room.connect }
}

/**
 * A remote video track attached to a `<video>` that can be made to start playing (TrackEvent.VideoPlaybackStarted)
 * and then to present a frame (requestVideoFrameCallback).
 */
function remoteTrack(kind: Track.Kind) {
  const started: (() => void)[] = []
  const { video, present } = videoWithFrames()
  const track = {
    kind,
    attachedElements: [video],
    once: (event: string, fn: () => void) => {
      if (event === (TrackEvent.VideoPlaybackStarted as string)) started.push(fn)
    },
    off: (event: string, fn: () => void) => {
      if (event === (TrackEvent.VideoPlaybackStarted as string) && started.includes(fn)) started.splice(started.indexOf(fn), 1)
    },
  }
  return {
    track,
    play: () => {
      for (const fn of started.splice(0)) fn()
    },
    present,
  }
}

describe('startCall', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('connects at once, and publishes camera and microphone on connect when nobody else has video', () => {
    const fake = fakeRoom(false)
    startCall(join, choices, fake.room)
    expect(fake.connect).toHaveBeenCalledWith('ws://lk.test', 't')
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
    fake.emit(RoomEvent.Connected)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledWith(true)
    expect(fake.local.setMicrophoneEnabled).toHaveBeenCalledWith(true)
  })

  it("waits for the first remote video's first frame before publishing, then publishes once", () => {
    const fake = fakeRoom(true)
    startCall(join, choices, fake.room)
    fake.emit(RoomEvent.Connected)
    fake.emit(RoomEvent.TrackSubscribed, remoteTrack(Track.Kind.Audio).track)
    const video = remoteTrack(Track.Kind.Video)
    fake.emit(RoomEvent.TrackSubscribed, video.track)
    // Subscribed is not enough: its first frame has yet to arrive and be decoded.
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
    // Nor is play() resolving: the frame is presented later, and publishing then would hold it back.
    video.play()
    vi.advanceTimersByTime(0)
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
    // Once presented, publishing follows in a task of its own (after the frame, not inside its callback).
    video.present()
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
    vi.advanceTimersByTime(0)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledTimes(1)
    const second = remoteTrack(Track.Kind.Video)
    fake.emit(RoomEvent.TrackSubscribed, second.track)
    second.play()
    second.present()
    vi.advanceTimersByTime(PUBLISH_AFTER_MS * 2)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledTimes(1)
  })

  it('does not publish again when a video plays after the wait ran out', () => {
    const fake = fakeRoom(true)
    startCall(join, choices, fake.room)
    fake.emit(RoomEvent.Connected)
    const video = remoteTrack(Track.Kind.Video)
    fake.emit(RoomEvent.TrackSubscribed, video.track)
    vi.advanceTimersByTime(PUBLISH_AFTER_MS)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledTimes(1)
    video.play()
    video.present()
    vi.advanceTimersByTime(0)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledTimes(1)
  })

  it('publishes anyway when the remote video is late', () => {
    const fake = fakeRoom(true)
    startCall(join, choices, fake.room)
    fake.emit(RoomEvent.Connected)
    vi.advanceTimersByTime(PUBLISH_AFTER_MS - 1)
    expect(fake.local.setMicrophoneEnabled).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fake.local.setMicrophoneEnabled).toHaveBeenCalledWith(true)
  })

  it('publishes only what was left on at setup', () => {
    const fake = fakeRoom(false)
    startCall(join, { ...choices, videoEnabled: false }, fake.room)
    fake.emit(RoomEvent.Connected)
    expect(fake.local.setMicrophoneEnabled).toHaveBeenCalledWith(true)
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
  })

  it('publishes the tracks handed over by the setup page instead of opening the devices again, once', () => {
    const fake = fakeRoom(false)
    const camera = { stop: vi.fn() }
    const microphone = { stop: vi.fn() }
    startCall(join, choices, fake.room, { camera, microphone } as unknown as HandedTracks)
    fake.emit(RoomEvent.Connected)
    expect(fake.local.publishTrack).toHaveBeenCalledWith(camera)
    expect(fake.local.publishTrack).toHaveBeenCalledWith(microphone)
    expect(fake.local.setCameraEnabled).not.toHaveBeenCalled()
    expect(fake.local.setMicrophoneEnabled).not.toHaveBeenCalled()
    // A fresh connection later (the tracks are the room's now) turns the devices on the usual way.
    fake.emit(RoomEvent.Connected)
    expect(fake.local.publishTrack).toHaveBeenCalledTimes(2)
    expect(fake.local.setCameraEnabled).toHaveBeenCalledWith(true)
    expect(camera.stop).not.toHaveBeenCalled()
  })

  it('stops handed tracks it did not publish: a device turned off, or a call that ended before publishing', () => {
    const fake = fakeRoom(true)
    const camera = { stop: vi.fn() }
    const microphone = { stop: vi.fn() }
    startCall(join, { ...choices, audioEnabled: false }, fake.room, { camera, microphone } as unknown as HandedTracks)
    fake.emit(RoomEvent.Connected)
    fake.emit(RoomEvent.Disconnected)
    expect(camera.stop).toHaveBeenCalledTimes(1)
    expect(microphone.stop).toHaveBeenCalledTimes(1)
    expect(fake.local.publishTrack).not.toHaveBeenCalled()
  })
})

describe('prepareCall', () => {
  it('connects nothing until Join starts it, then once, with the devices picked at Join, and settles `connecting` with it', async () => {
    const fake = fakeRoom(false)
    const active = new Map<string, string>()
    const switchActiveDevice = vi.fn((kind: string, id: string) => {
      active.set(kind, id)
      return Promise.resolve(true)
    })
    Object.assign(fake.room, { switchActiveDevice, getActiveDevice: (kind: string) => active.get(kind) })
    const call = prepareCall(choices, fake.room)
    expect(call.started()).toBe(false)
    expect(fake.connect).not.toHaveBeenCalled()

    const picked = { ...choices, videoDeviceId: 'cam-2', audioOutputDeviceId: 'speaker-3' }
    call.start(join, picked)
    call.start(join, picked)
    expect(call.started()).toBe(true)
    expect(fake.connect).toHaveBeenCalledTimes(1)
    expect(fake.connect).toHaveBeenCalledWith('ws://lk.test', 't')
    expect(switchActiveDevice.mock.calls).toEqual([
      ['videoinput', 'cam-2', false],
      ['audiooutput', 'speaker-3', false],
    ])
    await expect(call.connecting).resolves.toBeUndefined()
  })

  it('rejects `connecting` when the connection fails', async () => {
    const fake = fakeRoom(false)
    fake.connect.mockImplementationOnce(() => Promise.reject(new Error('could not reach the call')))
    const call = prepareCall(choices, fake.room)
    call.start(join, choices)
    await expect(call.connecting).rejects.toThrow('could not reach the call')
  })
})
