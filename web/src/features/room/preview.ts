import { Track, type CreateLocalTracksOptions, type LocalAudioTrack, type LocalTrack, type LocalVideoTrack } from 'livekit-client'

import { classifyDeviceError, type DeviceErrorKind, type DeviceName } from './devices'

export interface DeviceState<T> {
  track: T | null
  error: DeviceErrorKind | null
  pending: boolean
}

export interface PreviewSnapshot {
  camera: DeviceState<LocalVideoTrack>
  microphone: DeviceState<LocalAudioTrack>
}

export interface Wanted {
  /** A device id ('' for the default), or false for off. */
  camera: string | false
  microphone: string | false
}

/** The preview's tracks, handed to the call on Join (null: that device is not open). */
export interface HandedTracks {
  camera: LocalVideoTrack | null
  microphone: LocalAudioTrack | null
}

export const NO_TRACKS: HandedTracks = { camera: null, microphone: null }

export type CreateTracks = (options: CreateLocalTracksOptions) => Promise<LocalTrack[]>

const idle = { track: null, error: null, pending: false }
const EMPTY: PreviewSnapshot = { camera: idle, microphone: idle }

function captureOptions(device: DeviceName, deviceId: string): CreateLocalTracksOptions {
  const constraint = deviceId && deviceId !== 'default' ? { deviceId } : {}
  return device === 'camera' ? { video: { ...constraint, resolution: { width: 1280, height: 720 } } } : { audio: constraint }
}

/**
 * The setup page's camera and microphone preview, kept apart from React (like excalidraw's Portal): the page
 * subscribes to snapshots. Every change runs in order on one queue, so quick toggles cannot leave two cameras
 * open; `close()` discards whatever is still on its way (a generation counter), which is what React's
 * StrictMode mount-unmount-mount needs too.
 *
 * The first `open` asks for both devices in one getUserMedia call (one permission prompt); if that fails, each
 * device is tried alone, so a missing camera does not cost the microphone and each gets its own reason.
 */
export class PreviewMedia {
  private snapshot: PreviewSnapshot = EMPTY
  private readonly listeners = new Set<() => void>()
  private queue: Promise<void> = Promise.resolve()
  private generation = 0
  private readonly createTracks: CreateTracks

  constructor(createTracks: CreateTracks) {
    this.createTracks = createTracks
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): PreviewSnapshot => this.snapshot

  /** Opens the wanted devices (after a close, too). */
  open(wanted: Wanted): Promise<void> {
    return this.enqueue(async (gen) => {
      const both = wanted.camera !== false && wanted.microphone !== false
      this.patch({
        camera: { ...this.snapshot.camera, pending: wanted.camera !== false },
        microphone: { ...this.snapshot.microphone, pending: wanted.microphone !== false },
      })
      if (both) {
        try {
          const tracks = await this.createTracks({
            ...captureOptions('camera', wanted.camera || ''),
            ...captureOptions('microphone', wanted.microphone || ''),
          })
          if (this.stale(gen, tracks)) return
          this.patch({
            camera: { track: videoOf(tracks), error: null, pending: false },
            microphone: { track: audioOf(tracks), error: null, pending: false },
          })
          return
        } catch {
          if (gen !== this.generation) return
          // Fall through: find out device by device.
        }
      }
      if (wanted.camera !== false) await this.acquire(gen, 'camera', wanted.camera)
      if (wanted.microphone !== false) await this.acquire(gen, 'microphone', wanted.microphone)
    })
  }

  /** Turns one device on (with `deviceId`) or off; off also forgets its error (the person chose not to use it). */
  set(device: DeviceName, deviceId: string | false): Promise<void> {
    return this.enqueue(async (gen) => {
      this.release(device)
      if (deviceId === false) {
        this.patchDevice(device, { track: null, error: null, pending: false })
        return
      }
      await this.acquire(gen, device, deviceId)
    })
  }

  /**
   * Gives the live tracks away (to the call, which publishes them instead of opening the devices again) and
   * drops anything still being opened; the preview is empty afterwards and stops nothing it gave away.
   */
  handOff(): HandedTracks {
    this.generation++
    const handed = { camera: this.snapshot.camera.track, microphone: this.snapshot.microphone.track }
    this.snapshot = EMPTY
    this.emit()
    return handed
  }

  /** Stops every track and drops anything still being opened. */
  close(): void {
    this.generation++
    this.release('camera')
    this.release('microphone')
    this.snapshot = EMPTY
    this.emit()
  }

  private async acquire(gen: number, device: DeviceName, deviceId: string): Promise<void> {
    this.patchDevice(device, { track: null, error: null, pending: true })
    try {
      const tracks = await this.createTracks(captureOptions(device, deviceId))
      if (this.stale(gen, tracks)) return
      const track = device === 'camera' ? videoOf(tracks) : audioOf(tracks)
      for (const other of tracks) if (other !== track) other.stop()
      const error = track ? null : 'none'
      if (device === 'camera') this.patch({ ...this.snapshot, camera: { track: videoOf(tracks), error, pending: false } })
      else this.patch({ ...this.snapshot, microphone: { track: audioOf(tracks), error, pending: false } })
    } catch (error) {
      if (gen !== this.generation) return
      this.patchDevice(device, { track: null, error: classifyDeviceError(error), pending: false })
    }
  }

  private stale(gen: number, tracks: LocalTrack[]): boolean {
    if (gen === this.generation) return false
    for (const track of tracks) track.stop()
    return true
  }

  private release(device: DeviceName): void {
    this.snapshot[device].track?.stop()
  }

  private enqueue(op: (gen: number) => Promise<void>): Promise<void> {
    const gen = this.generation
    const run = () => (gen === this.generation ? op(gen) : Promise.resolve())
    this.queue = this.queue.then(run, run)
    return this.queue
  }

  private patch(next: PreviewSnapshot): void {
    this.snapshot = next
    this.emit()
  }

  /** A device's state without a track (pending, off or failed). */
  private patchDevice(device: DeviceName, state: DeviceState<never>): void {
    this.patch({ ...this.snapshot, [device]: state })
  }

  private emit(): void {
    for (const listener of this.listeners) listener()
  }
}

function videoOf(tracks: LocalTrack[]): LocalVideoTrack | null {
  return (tracks.find((track) => track.kind === Track.Kind.Video) as LocalVideoTrack | undefined) ?? null
}

function audioOf(tracks: LocalTrack[]): LocalAudioTrack | null {
  return (tracks.find((track) => track.kind === Track.Kind.Audio) as LocalAudioTrack | undefined) ?? null
}
