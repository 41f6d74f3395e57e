import { ConnectionState, RoomEvent, Track, TrackEvent, type RemoteTrack, type Room } from 'livekit-client'

/** How long after playback starts a frame may take before `fn` runs anyway (an element replaced meanwhile never presents one). */
export const FRAME_WAIT_MS = 250

/**
 * Calls `fn` once a remote video track's first frame is on the screen: after its `<video>` starts playing
 * (livekit-client's play() resolved) and presents a frame (requestVideoFrameCallback), in a task of its own, so
 * that whatever `fn` starts (publishing our camera, loading the editor) follows that frame instead of delaying it.
 * `play()` resolving is not enough: in Chromium the frame is presented tens of milliseconds later, and work started
 * at that moment holds it back (issue 10's join latency). Where requestVideoFrameCallback is missing, `fn` follows
 * the start of playback; when no frame comes within FRAME_WAIT_MS of it, `fn` runs anyway. A video that never starts
 * playing never calls `fn`: callers keep a deadline of their own. Returns a function that cancels.
 */
export function afterFirstFrame(track: RemoteTrack, fn: () => void): () => void {
  let done = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let wait: ReturnType<typeof setTimeout> | undefined
  const fire = () => {
    if (done) return
    done = true
    clearTimeout(wait)
    timer = setTimeout(fn, 0)
  }
  const onStarted = () => {
    if (done) return
    const videos = track.attachedElements.filter(
      (element): element is HTMLVideoElement => element instanceof HTMLVideoElement && 'requestVideoFrameCallback' in element,
    )
    if (videos.length === 0) {
      fire()
      return
    }
    for (const video of videos) video.requestVideoFrameCallback(fire)
    wait = setTimeout(fire, FRAME_WAIT_MS)
  }
  track.once(TrackEvent.VideoPlaybackStarted, onStarted)
  return () => {
    done = true
    clearTimeout(timer)
    clearTimeout(wait)
    track.off(TrackEvent.VideoPlaybackStarted, onStarted)
  }
}

/**
 * Calls `fn` once, when the call's first remote picture is on the screen (afterFirstFrame on every remote video
 * subscribed); at once when the room is connected and nobody else publishes video; after `deadlineMs` at the latest.
 * What joining starts after the other person's picture (publishing our camera, loading the editor) waits on this.
 * Returns a function that cancels.
 */
export function whenFirstPicture(room: Room, fn: () => void, deadlineMs: number): () => void {
  let done = false
  const cancels: (() => void)[] = []
  const onTrack = (track: RemoteTrack) => {
    if (track.kind === Track.Kind.Video) cancels.push(afterFirstFrame(track, fire))
  }
  const onConnected = () => {
    const othersPublishVideo = [...room.remoteParticipants.values()].some((p) =>
      [...p.trackPublications.values()].some((publication) => publication.kind === Track.Kind.Video),
    )
    if (!othersPublishVideo) fire()
  }
  const timer = setTimeout(fire, deadlineMs)
  function stop() {
    done = true
    clearTimeout(timer)
    for (const cancel of cancels) cancel()
    room.off(RoomEvent.TrackSubscribed, onTrack).off(RoomEvent.Connected, onConnected)
  }
  function fire() {
    if (done) return
    stop()
    fn()
  }
  room.on(RoomEvent.TrackSubscribed, onTrack).on(RoomEvent.Connected, onConnected)
  if (room.state === ConnectionState.Connected) onConnected()
  return stop
}
