import type { CreateLocalTracksOptions, LocalTrack } from 'livekit-client'
import { describe, expect, it, vi } from 'vitest'

import { PreviewMedia } from './preview'

interface FakeTrack {
  kind: 'video' | 'audio'
  stopped: boolean
  stop: () => void
}

function fakeTrack(kind: 'video' | 'audio'): FakeTrack {
  const track: FakeTrack = {
    kind,
    stopped: false,
    stop: () => {
      track.stopped = true
    },
  }
  return track
}

const deny = (name: string) => Promise.reject(new DOMException('no', name))

/** A createLocalTracks stand-in: `answer` decides per request (which kinds it asks for). */
function fake(answer: (kinds: string) => Promise<FakeTrack[]>) {
  const made: FakeTrack[] = []
  const calls: string[] = []
  const create = vi.fn(async (options: CreateLocalTracksOptions) => {
    const kinds = [options.video ? 'video' : '', options.audio ? 'audio' : ''].filter(Boolean).join('+')
    calls.push(kinds)
    const tracks = await answer(kinds)
    made.push(...tracks)
    return tracks as unknown as LocalTrack[]
  })
  return { create, made, calls }
}

const both = () => Promise.resolve([fakeTrack('video'), fakeTrack('audio')])

describe('PreviewMedia', () => {
  it('asks for both devices at once (one permission prompt)', async () => {
    const { create, calls } = fake(both)
    const media = new PreviewMedia(create)
    await media.open({ camera: '', microphone: '' })
    expect(calls).toEqual(['video+audio'])
    expect(media.getSnapshot().camera.track).not.toBeNull()
    expect(media.getSnapshot().microphone.track).not.toBeNull()
    expect(media.getSnapshot().camera.error).toBeNull()
  })

  it('tries each device alone when the pair fails, so a missing camera keeps the microphone', async () => {
    const { create, calls } = fake((kinds) => (kinds === 'audio' ? Promise.resolve([fakeTrack('audio')]) : deny('NotFoundError')))
    const media = new PreviewMedia(create)
    await media.open({ camera: '', microphone: '' })
    expect(calls).toEqual(['video+audio', 'video', 'audio'])
    const { camera, microphone } = media.getSnapshot()
    expect(camera).toEqual({ track: null, error: 'none', pending: false })
    expect(microphone.track).not.toBeNull()
    expect(microphone.error).toBeNull()
  })

  it('reports a denied permission for each device', async () => {
    const { create } = fake(() => deny('NotAllowedError'))
    const media = new PreviewMedia(create)
    await media.open({ camera: '', microphone: '' })
    expect(media.getSnapshot().camera.error).toBe('denied')
    expect(media.getSnapshot().microphone.error).toBe('denied')
  })

  it('turning a device off stops its track and forgets its error; on again opens only that device', async () => {
    const { create, made, calls } = fake((kinds) => (kinds === 'video' ? Promise.resolve([fakeTrack('video')]) : both()))
    const media = new PreviewMedia(create)
    await media.open({ camera: '', microphone: '' })
    const [camera, mic] = made
    await media.set('camera', false)
    expect(camera?.stopped).toBe(true)
    expect(mic?.stopped).toBe(false)
    expect(media.getSnapshot().camera).toEqual({ track: null, error: null, pending: false })
    await media.set('camera', 'cam-2')
    expect(calls.at(-1)).toBe('video')
    expect(media.getSnapshot().camera.track).toBe(made.at(-1))
  })

  it('hands its live tracks to the call on Join: they keep running, and closing the preview afterwards stops nothing', async () => {
    const { create, made } = fake(both)
    const media = new PreviewMedia(create)
    await media.open({ camera: '', microphone: '' })
    const handed = media.handOff()
    expect(handed.camera).toBe(made[0])
    expect(handed.microphone).toBe(made[1])
    expect(media.getSnapshot().camera.track).toBeNull()
    media.close()
    expect(made.some((t) => t.stopped)).toBe(false)
  })

  it('stops tracks that arrive after close (StrictMode mounts, unmounts and mounts again)', async () => {
    let release: (tracks: FakeTrack[]) => void = () => undefined
    const pending = new Promise<FakeTrack[]>((resolve) => {
      release = resolve
    })
    const { create } = fake(() => pending)
    const media = new PreviewMedia(create)
    const first = media.open({ camera: '', microphone: '' })
    await Promise.resolve()
    media.close()
    const late = [fakeTrack('video'), fakeTrack('audio')]
    release(late)
    await first
    expect(late.every((t) => t.stopped)).toBe(true)
    expect(media.getSnapshot().camera.track).toBeNull()
  })

  it('tells subscribers about every change', async () => {
    const { create } = fake(both)
    const media = new PreviewMedia(create)
    const listener = vi.fn()
    const unsubscribe = media.subscribe(listener)
    await media.open({ camera: '', microphone: false })
    expect(listener).toHaveBeenCalled()
    unsubscribe()
    listener.mockClear()
    media.close()
    expect(listener).not.toHaveBeenCalled()
  })
})
