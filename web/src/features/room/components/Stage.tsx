import {
  CarouselLayout,
  FocusLayoutContainer,
  GridLayout,
  TrackLoop,
  isTrackReference,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react'
import { useCallback, useEffect, useState } from 'react'

import { useMediaQuery } from '@/hooks/useMediaQuery'

import { useLastSpeaker } from '../hooks/useLastSpeaker'
import { pickFocus, type Layout } from '../stage'
import { Tile } from './Tile'

export interface StageProps {
  tracks: TrackReferenceOrPlaceholder[]
  layout: Layout
  pin: { identity: string; source: string } | null
}

function trackKey(track: TrackReferenceOrPlaceholder): string {
  return `${track.participant.identity}:${track.source}:${isTrackReference(track) ? track.publication.trackSid : 'none'}`
}

/**
 * Grid: components-react's GridLayout (it picks columns and rows for the space and pages past what fits). On a
 * phone the grid is a column of tiles to scroll instead, since GridLayout would page two at a time.
 * Speaker: FocusLayoutContainer with the focused tile large and the others in a CarouselLayout: a column beside it
 * on a wide stage, a row under it on a narrow one (a phone, or the call panel beside the code), so a shared
 * screen gets the stage's whole width.
 */
export function Stage(props: StageProps) {
  // The stage is narrow on a phone, and also when the room's call panel is (the call beside the code).
  const phone = useMediaQuery('(max-width: 639px)')
  const [ref, width] = useWidth()
  return (
    <div ref={ref} className="absolute inset-0">
      {width === null ? null : <StageLayout {...props} narrow={phone || width < 640} />}
    </div>
  )
}

/**
 * An element's width, kept current: null until measured. The first measure is taken in the ref callback, during
 * the commit and before the first paint, so the tiles mount once in the layout that fits instead of in the wide
 * grid first and again in the narrow column (which replaced every <video> while the call joined). Infinity where
 * ResizeObserver is missing.
 */
function useWidth(): [(el: HTMLElement | null) => void, number | null] {
  const [el, setEl] = useState<HTMLElement | null>(null)
  const [width, setWidth] = useState<number | null>(null)
  const ref = useCallback((node: HTMLElement | null) => {
    setEl(node)
    if (node) setWidth(typeof ResizeObserver === 'undefined' ? Number.POSITIVE_INFINITY : node.getBoundingClientRect().width)
  }, [])
  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0]
      if (entry) setWidth(entry.contentRect.width)
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
    }
  }, [el])
  return [ref, width]
}

function StageLayout({ tracks, layout, pin, narrow }: StageProps & { narrow: boolean }) {
  const lastSpeaker = useLastSpeaker()

  if (layout === 'speaker') {
    const focus = pickFocus(tracks, pin, lastSpeaker)
    const others = focus ? tracks.filter((track) => track !== focus) : tracks
    return (
      <FocusLayoutContainer className="room-focus" data-testid="stage" data-layout="speaker" data-narrow={narrow || undefined}>
        {others.length > 0 ? (
          <CarouselLayout tracks={others} orientation={narrow ? 'horizontal' : undefined}>
            <Tile />
          </CarouselLayout>
        ) : null}
        {focus ? <Tile key={trackKey(focus)} trackRef={focus} className="room-focus-main" /> : null}
      </FocusLayoutContainer>
    )
  }

  if (narrow) {
    return (
      <div className="room-stack" data-testid="stage" data-layout="grid">
        <TrackLoop tracks={tracks}>
          <Tile />
        </TrackLoop>
      </div>
    )
  }

  return (
    <GridLayout tracks={tracks} className="room-grid" data-testid="stage" data-layout="grid">
      <Tile />
    </GridLayout>
  )
}
