import { Room, RoomEvent, VideoPresets, type LocalTrack, type RoomOptions } from 'livekit-client'

import type { CallChoices } from './devices'
import { EarlyVideo } from './earlyVideo'
import { whenFirstPicture } from './firstFrame'
import { NO_TRACKS, type HandedTracks } from './preview'
import type { JoinDetails } from './schema'

/** The call's room options: adaptive stream and dynacast, the devices picked on the setup page. */
export function roomOptions(choices: CallChoices): RoomOptions {
  return {
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: { deviceId: choices.videoDeviceId || undefined, resolution: VideoPresets.h720.resolution },
    audioCaptureDefaults: { deviceId: choices.audioDeviceId || undefined },
    audioOutput: choices.audioOutputDeviceId ? { deviceId: choices.audioOutputDeviceId } : undefined,
  }
}

/** How long our own camera and microphone wait for the first remote video to play before they are published anyway. */
export const PUBLISH_AFTER_MS = 1_000

/** A call being joined: the room, and the first connection attempt (rejected when it fails). */
export interface CallConnection {
  room: Room
  /** The room's remote pictures, given to the tiles before livekit-client hands them over (earlyVideo.ts). */
  early: EarlyVideo
  connecting: Promise<void>
  /** Whether Join has started it (a call rendered ahead of Join has not). */
  started: () => boolean
}

/**
 * A call made ready before Join: its Room exists (not connected) so the call can be rendered, hidden, while the
 * setup page is open; `start` is the Join click. `connecting` settles with the connection `start` begins.
 */
export interface PreparedCall extends CallConnection {
  start: (join: JoinDetails, choices: CallChoices, handed?: HandedTracks) => void
}

/** A call ready to start, on `room` (by default a Room with `choices`' options; Join applies the final ones). */
export function prepareCall(choices: CallChoices, room = new Room(roomOptions(choices))): PreparedCall {
  let settle: { resolve: () => void; reject: (error: unknown) => void } = { resolve: () => undefined, reject: () => undefined }
  const connecting = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Whoever shows the call handles a failure; an unobserved rejection here is not an error of its own.
  connecting.catch(() => undefined)
  let started = false
  return {
    room,
    early: new EarlyVideo(room),
    connecting,
    started: () => started,
    start: (join, final, handed = NO_TRACKS) => {
      if (started) return
      started = true
      applyDevices(room, final)
      connect(room, join, final, handed).then(
        () => {
          settle.resolve()
        },
        (error: unknown) => {
          settle.reject(error)
        },
      )
    },
  }
}

/**
 * The devices picked on the setup page, for a Room made before they were final: what livekit-client would have
 * taken from the room options (the devices it opens later, on a toggle, and the speaker).
 */
function applyDevices(room: Room, choices: CallChoices) {
  const picks: [MediaDeviceKind, string][] = [
    ['videoinput', choices.videoDeviceId],
    ['audioinput', choices.audioDeviceId],
    ['audiooutput', choices.audioOutputDeviceId],
  ]
  for (const [kind, deviceId] of picks) {
    if (deviceId && room.getActiveDevice(kind) !== deviceId) void room.switchActiveDevice(kind, deviceId, false).catch(() => undefined)
  }
}

/**
 * Starts joining the call from the Join click itself, before React renders the call (which mounts the editor, the
 * heaviest part of the page): the signal connection is under way while the page renders.
 */
export function startCall(
  join: JoinDetails,
  choices: CallChoices,
  room = new Room(roomOptions(choices)),
  handed: HandedTracks = NO_TRACKS,
): CallConnection {
  const call = prepareCall(choices, room)
  call.start(join, choices, handed)
  return call
}

/**
 * Connects `room`. Our own camera and microphone are published once the first remote video's first frame is on the
 * screen (or after
 * PUBLISH_AFTER_MS, or at once when nobody else publishes video): the other person's picture comes first, and our
 * publication (an offer and answer, encoder set-up, three simulcast layers) does not compete with attaching and
 * decoding its first frame. After every fresh connection (not a resumed one) the same applies again.
 *
 * `handed` are the setup page's preview tracks: the first publication publishes them as they are (no second
 * getUserMedia, the camera's light does not blink, and stopping them is not part of the Join click); whatever
 * was not published when the call ends is stopped.
 */
function connect(room: Room, join: JoinDetails, choices: CallChoices, handed: HandedTracks): Promise<void> {
  let unused: LocalTrack[] = [handed.camera, handed.microphone].filter((track) => track !== null)
  const take = <T extends LocalTrack>(track: T | null): T | null => {
    if (!track || !unused.includes(track)) return null
    unused = unused.filter((other) => other !== track)
    return track
  }
  const stopUnused = () => {
    for (const track of unused) track.stop()
    unused = []
  }
  const publish = () => {
    const local = room.localParticipant
    // A failure is reported through RoomEvent.MediaDevicesError (the call shows it); the rejection is not news.
    if (choices.audioEnabled && !local.isMicrophoneEnabled) {
      const microphone = take(handed.microphone)
      if (microphone) void local.publishTrack(microphone).catch(() => { microphone.stop(); })
      else void local.setMicrophoneEnabled(true).catch(() => undefined)
    }
    if (choices.videoEnabled && !local.isCameraEnabled) {
      const camera = take(handed.camera)
      if (camera) void local.publishTrack(camera).catch(() => { camera.stop(); })
      else void local.setCameraEnabled(true).catch(() => undefined)
    }
    stopUnused()
  }
  // After every fresh connection: the other person's picture first, then ours.
  let waiting: () => void = () => undefined
  const onConnected = () => {
    waiting()
    waiting = whenFirstPicture(room, publish, PUBLISH_AFTER_MS)
  }
  room.on(RoomEvent.Connected, onConnected).once(RoomEvent.Disconnected, stopUnused)
  return room.connect(join.url, join.token)
}
