import { EngineEvent, RoomEvent, type Room } from 'livekit-client'
import { createContext } from 'react'

/**
 * Remote pictures before livekit-client hands them over. WebRTC delivers a remote track as soon as the answer is
 * applied, but livekit-client holds it back (no TrackSubscribed) until the room is connected, which it notices by
 * polling the peer connection every 50 ms; only then does a tile attach it and its `<video>` start to set up.
 * Here the tile's `<video>` gets the track the moment it arrives, so the player is ready and the first frame shows
 * as soon as media flows. When the track is subscribed, livekit-client attaches it to the same element and keeps
 * its stream (it contains the same track), so nothing reloads.
 *
 * It listens to the engine's MediaTrackAdded, which livekit-client marks internal: if that changes, tiles attach
 * at TrackSubscribed as before (bench/room shows it). See docs/decisions.md.
 */
export class EarlyVideo {
  /** Remote video tracks by track sid ("TR_…"), as they arrived. */
  private readonly tracks = new Map<string, MediaStreamTrack>()
  /** The tiles' `<video>` elements, by the sid of the publication they show. */
  private readonly elements = new Map<string, HTMLVideoElement>()
  private readonly engines = new WeakSet<Room['engine']>()
  private readonly watched = new WeakSet<HTMLVideoElement>()
  private readonly listeners = new Set<() => void>()
  private pictureShown = false
  private readonly room: Room

  /** Made with its Room (connect.ts), and lives as long as it. */
  constructor(room: Room) {
    this.room = room
    // A full reconnect makes a new engine; it is listened to before its tracks arrive (they follow the join).
    room.on(RoomEvent.SignalConnected, this.listen).on(RoomEvent.Disconnected, this.forget)
    this.listen()
  }

  private readonly listen = () => {
    const engine = this.room.engine as Room['engine'] | undefined
    if (!engine || this.engines.has(engine)) return
    this.engines.add(engine)
    engine.on(EngineEvent.MediaTrackAdded, this.onTrack)
  }

  private readonly forget = () => {
    this.tracks.clear()
  }

  private readonly onTrack = (track: MediaStreamTrack, stream: MediaStream | undefined) => {
    if (track.kind !== 'video' || !stream) return
    const sid = trackSid(track, stream)
    if (!sid) return
    this.tracks.set(sid, track)
    track.addEventListener('ended', () => {
      if (this.tracks.get(sid) === track) this.tracks.delete(sid)
    })
    const element = this.elements.get(sid)
    if (element) this.show(element, track)
  }

  /**
   * A tile's `<video>` for the publication `sid`: it plays that track as soon as it arrives (at once if it has).
   * Returns the function that forgets the element (the tile unmounted).
   */
  element(sid: string, video: HTMLVideoElement): () => void {
    this.elements.set(sid, video)
    this.watch(video)
    const track = this.tracks.get(sid)
    if (track) this.show(video, track)
    return () => {
      if (this.elements.get(sid) === video) this.elements.delete(sid)
    }
  }

  private show(video: HTMLVideoElement, track: MediaStreamTrack) {
    // Attached already (by livekit-client, or earlier here): nothing to do.
    if (video.srcObject || track.readyState === 'ended') return
    video.autoplay = true
    video.muted = true
    video.playsInline = true
    video.srcObject = new MediaStream([track])
  }

  /**
   * Marks a tile's `<video>` once it presents its first frame, however it was attached. Asked for when the tile
   * registers, so this callback runs before any asked for later in the same frame (a page's own, or a benchmark's).
   */
  private watch(video: HTMLVideoElement) {
    if (this.watched.has(video) || !('requestVideoFrameCallback' in video)) return
    this.watched.add(video)
    video.requestVideoFrameCallback(() => {
      // Marked in the same frame, so the stage's "Connecting…" hides with it (CSS), ahead of React's render.
      video.dataset.picture = ''
      if (this.pictureShown) return
      this.pictureShown = true
      for (const listener of this.listeners) listener()
    })
  }

  /** Whether a tile's remote picture has presented a frame (the call is visibly up, connected or not). */
  readonly shown = () => this.pictureShown

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
}

/** The publication's sid a remote track belongs to: the SFU names its stream "<participant sid>|<track sid>". */
export function trackSid(track: MediaStreamTrack, stream: MediaStream): string | undefined {
  const separator = stream.id.indexOf('|')
  const fromStream = separator >= 0 ? stream.id.slice(separator + 1) : ''
  if (fromStream.startsWith('TR')) return fromStream
  if (track.id.startsWith('TR')) return track.id
  return undefined
}

/** The call's EarlyVideo, for its tiles (CallView provides it). */
export const EarlyVideoContext = createContext<EarlyVideo | null>(null)
