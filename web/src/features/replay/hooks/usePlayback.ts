import { useCallback, useEffect, useRef, useState } from 'react'

import type { PlacedRecording } from '../model/replay'
import { skipIdle, type Interval } from '../model/timeline'

export const SPEEDS = [1, 1.5, 2, 4] as const
export type Speed = (typeof SPEEDS)[number]

export interface PlaybackOptions {
  duration: number
  initial: number
  recording: PlacedRecording | null
  idle: readonly Interval[]
}

function clamp(t: number, duration: number): number {
  return Math.max(0, Math.min(duration, Number.isFinite(t) ? t : 0))
}

/**
 * The replay's master clock, `t` in seconds from the timeline's start. While playing inside the recording's span
 * the video leads (t = video.currentTime + offset, at the chosen speed); outside it, or without a (working)
 * recording, a frame timer advances t at the speed. Seeking moves the video too. "Skip idle" jumps from inside an
 * idle stretch to its end.
 */
export function usePlayback({ duration, initial, recording, idle }: PlaybackOptions) {
  /** The page's <video> (the recording's), if it shows one. */
  const video = useRef<HTMLVideoElement>(null)
  const [t, setT] = useState(() => clamp(initial, duration))
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<Speed>(1)
  const [skip, setSkip] = useState(false)
  const tRef = useRef(t)
  /** The video failed to play (an error, a refused play()): the timer takes over. */
  const broken = useRef(false)
  const pendingPlay = useRef(false)

  const inside = useCallback(
    (at: number) => recording !== null && recording.url !== null && at >= recording.offset && at < recording.offset + recording.length,
    [recording],
  )

  const usableVideo = useCallback((): HTMLVideoElement | null => {
    const element = video.current
    if (!element || broken.current || element.error) return null
    return element
  }, [])

  /** Puts the video where t is (when t is inside the recording), else pauses it. */
  const syncVideo = useCallback(
    (at: number, play: boolean) => {
      const element = usableVideo()
      if (!element || !recording) return
      if (!inside(at)) {
        if (!element.paused) element.pause()
        return
      }
      const target = at - recording.offset
      if (Math.abs(element.currentTime - target) > 0.25) element.currentTime = target
      if (play && element.paused && !pendingPlay.current) {
        pendingPlay.current = true
        Promise.resolve()
          .then(() => element.play())
          .catch(() => {
            broken.current = true
          })
          .finally(() => {
            pendingPlay.current = false
          })
      }
      if (!play && !element.paused) element.pause()
    },
    [inside, recording, usableVideo],
  )

  const seek = useCallback(
    (to: number) => {
      const next = clamp(to, duration)
      tRef.current = next
      setT(next)
      syncVideo(next, playing)
    },
    [duration, playing, syncVideo],
  )

  const play = useCallback(() => {
    if (tRef.current >= duration) {
      tRef.current = 0
      setT(0)
    }
    setPlaying(true)
    syncVideo(tRef.current, true)
  }, [duration, syncVideo])

  const pause = useCallback(() => {
    setPlaying(false)
    usableVideo()?.pause()
  }, [usableVideo])

  useEffect(() => {
    const element = video.current
    if (element) element.playbackRate = speed
  }, [speed, recording])

  useEffect(() => {
    if (!playing) return
    let frame = 0
    let last = performance.now()
    const tick = (now: number) => {
      const dt = Math.min(1, (now - last) / 1000)
      last = now
      const current = tRef.current
      const element = usableVideo()
      let next: number
      if (element && recording && inside(current) && !element.ended) {
        if (element.paused) {
          // Starting or waiting for data: the video leads, so t waits for it.
          syncVideo(current, true)
          next = broken.current ? current + dt * speed : current
        } else {
          next = element.currentTime + recording.offset
        }
      } else {
        next = current + dt * speed
        // Entering the recording: start the video there.
        if (inside(next) && !inside(current)) syncVideo(next, true)
      }
      if (skip) {
        const skipped = skipIdle(next, idle)
        if (skipped !== next) {
          next = skipped
          syncVideo(next, true)
        }
      }
      if (next >= duration) {
        tRef.current = duration
        setT(duration)
        setPlaying(false)
        element?.pause()
        return
      }
      tRef.current = next
      setT(next)
      frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
    return () => {
      cancelAnimationFrame(frame)
    }
  }, [playing, speed, skip, idle, duration, recording, inside, syncVideo, usableVideo])

  // A new recording picked: it has had no chance to fail yet, and it shows the frame at t. (Keyed on what the
  // recording is, not on the object: a refetch that rebuilds the timeline must not pause a playing video.)
  const recordingKey = recording ? `${recording.id} ${recording.url ?? ''} ${recording.offset}` : ''
  const shownKey = useRef<string | null>(null)
  useEffect(() => {
    if (shownKey.current === recordingKey) return
    shownKey.current = recordingKey
    broken.current = false
    syncVideo(tRef.current, false)
  }, [recordingKey, syncVideo])

  /** t now, also between a seek and the next render (for event handlers). */
  const current = useCallback(() => tRef.current, [])

  return { video, current, t, playing, speed, skip, seek, play, pause, setSpeed, setSkip }
}
