import { EngineEvent, RoomEvent, type Room } from 'livekit-client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { videoWithFrames } from '@/test/fakes'

import { EarlyVideo, trackSid } from './earlyVideo'

type Listener = (...args: unknown[]) => void

/** Something with on/off/emit, as livekit-client's Room and RTCEngine are to EarlyVideo. */
function emitter() {
  const listeners = new Map<string, Set<Listener>>()
  const self = {
    on: (event: string, fn: Listener) => {
      listeners.set(event, (listeners.get(event) ?? new Set()).add(fn))
      return self
    },
    off: (event: string, fn: Listener) => {
      listeners.get(event)?.delete(fn)
      return self
    },
    emit: (event: string, ...args: unknown[]) => {
      for (const fn of [...(listeners.get(event) ?? [])]) fn(...args)
    },
  }
  return self
}

function fakeRoom() {
  const room = Object.assign(emitter(), { engine: emitter() })
  return { room, early: new EarlyVideo(room as unknown as Room) }
}

/** A remote track as WebRTC's ontrack gives it: the SFU's stream is "<participant sid>|<track sid>". */
function remote(kind: 'video' | 'audio', sid: string) {
  const track = Object.assign(new EventTarget(), { kind, id: `${kind}-${sid}`, readyState: 'live' }) as unknown as MediaStreamTrack
  return { track, stream: { id: `PA_1|${sid}` } as MediaStream }
}

/** A tile's <video>, whose frames the test presents. */
function video() {
  const { video: element, present } = videoWithFrames()
  return { element, present }
}

describe('EarlyVideo', () => {
  beforeEach(() => {
    // jsdom has no MediaStream (nor srcObject: it starts undefined there, null in a browser); this one keeps its tracks.
    vi.stubGlobal(
      'MediaStream',
      class {
        tracks: MediaStreamTrack[]
        constructor(tracks: MediaStreamTrack[]) {
          this.tracks = tracks
        }
      },
    )
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it("plays a remote track in its tile's <video> the moment it arrives, and tells when its first frame shows", () => {
    const { room, early } = fakeRoom()
    const tile = video()
    early.element('TR_cam', tile.element)
    expect(tile.element.srcObject).toBeFalsy()
    const cam = remote('video', 'TR_cam')
    room.engine.emit(EngineEvent.MediaTrackAdded, cam.track, cam.stream)
    expect((tile.element.srcObject as unknown as { tracks: MediaStreamTrack[] }).tracks).toEqual([cam.track])
    expect(tile.element.muted && tile.element.autoplay && tile.element.playsInline).toBe(true)

    const changed = vi.fn()
    early.subscribe(changed)
    expect(early.shown()).toBe(false)
    tile.present()
    expect(early.shown()).toBe(true)
    expect(changed).toHaveBeenCalledTimes(1)
    // Marked in that frame: the stage's "Connecting…" hides with it (CSS).
    expect(tile.element.dataset.picture).toBe('')
  })

  it('gives a track that arrived first to the tile when it mounts, and only to the tile of its publication', () => {
    const { room, early } = fakeRoom()
    const cam = remote('video', 'TR_cam')
    room.engine.emit(EngineEvent.MediaTrackAdded, cam.track, cam.stream)
    const other = video()
    early.element('TR_share', other.element)
    expect(other.element.srcObject).toBeFalsy()
    const tile = video()
    early.element('TR_cam', tile.element)
    expect(tile.element.srcObject).not.toBeNull()
  })

  it('leaves a <video> that has its stream already, audio, and a tile that unmounted', () => {
    const { room, early } = fakeRoom()
    const attached = video()
    const stream = { id: 'livekit' } as unknown as MediaStream
    attached.element.srcObject = stream
    early.element('TR_cam', attached.element)
    const cam = remote('video', 'TR_cam')
    room.engine.emit(EngineEvent.MediaTrackAdded, cam.track, cam.stream)
    expect(attached.element.srcObject).toBe(stream)
    // Its first frame counts all the same: the picture is up, however it was attached.
    attached.present()
    expect(early.shown()).toBe(true)
    expect(attached.element.dataset.picture).toBe('')

    const gone = video()
    early.element('TR_mic', gone.element)
    const mic = remote('audio', 'TR_mic')
    room.engine.emit(EngineEvent.MediaTrackAdded, mic.track, mic.stream)
    expect(gone.element.srcObject).toBeFalsy()

    const unmounted = video()
    early.element('TR_late', unmounted.element)()
    const late = remote('video', 'TR_late')
    room.engine.emit(EngineEvent.MediaTrackAdded, late.track, late.stream)
    expect(unmounted.element.srcObject).toBeFalsy()
  })

  it("listens to a new engine after a full reconnect, and forgets the old tracks when the room disconnects", () => {
    const { room, early } = fakeRoom()
    const before = remote('video', 'TR_old')
    room.engine.emit(EngineEvent.MediaTrackAdded, before.track, before.stream)
    room.emit(RoomEvent.Disconnected)
    const stale = video()
    early.element('TR_old', stale.element)
    expect(stale.element.srcObject).toBeFalsy()

    room.engine = emitter()
    room.emit(RoomEvent.SignalConnected)
    const tile = video()
    early.element('TR_new', tile.element)
    const after = remote('video', 'TR_new')
    room.engine.emit(EngineEvent.MediaTrackAdded, after.track, after.stream)
    expect(tile.element.srcObject).not.toBeNull()
  })
})

describe('trackSid', () => {
  it("reads the track sid from the SFU's stream id, or from the track's id, and nothing else", () => {
    const track = { id: 'abc' } as MediaStreamTrack
    expect(trackSid(track, { id: 'PA_1|TR_2' } as MediaStream)).toBe('TR_2')
    expect(trackSid({ id: 'TR_3' } as MediaStreamTrack, { id: 'PA_1|3' } as MediaStream)).toBe('TR_3')
    expect(trackSid(track, { id: 'PA_1' } as MediaStream)).toBeUndefined()
  })
})
