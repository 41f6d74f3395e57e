import {
  CarouselLayout,
  FocusLayoutContainer,
  GridLayout,
  TrackLoop,
  isTrackReference,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react'
import { useEffect, useRef, useState, type RefObject } from 'react'
import { flushSync } from 'react-dom'

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
 * Speaker: FocusLayoutContainer with the focused tile large and the others in a CarouselLayout.
 */
export function Stage(props: StageProps) {
  // The stage is narrow on a phone, and also when the room's call panel is (the call beside the code).
  const phone = useMediaQuery('(max-width: 639px)')
  const box = useRef<HTMLDivElement>(null)
  const width = useWidth(box)
  return (
    <div ref={box} className="absolute inset-0">
      {/* Tiles mount once the width is known (before the first paint), so they are not built for the wide grid
          and then again for the narrow column: that remounted every <video> while the call was joining. */}
      {width === null ? null : <StageLayout {...props} narrow={phone || width < 640} />}
    </div>
  )
}

/**
 * An element's width, kept current; null until its first measure (ResizeObserver reports it after layout, before
 * the paint: that first one is rendered at once), Infinity where ResizeObserver is missing.
 */
function useWidth(box: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(() => (typeof ResizeObserver === 'undefined' ? Number.POSITIVE_INFINITY : null))
  useEffect(() => {
    const el = box.current
    if (!el || typeof ResizeObserver === 'undefined') return
    let measured = false
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0]
      if (!entry) return
      if (measured) {
        setWidth(entry.contentRect.width)
        return
      }
      measured = true
      flushSync(() => {
        setWidth(entry.contentRect.width)
      })
    })
    observer.observe(el)
    return () => {
      observer.disconnect()
    }
  }, [box])
  return width
}

function StageLayout({ tracks, layout, pin, narrow }: StageProps & { narrow: boolean }) {
  const lastSpeaker = useLastSpeaker()

  if (layout === 'speaker') {
    const focus = pickFocus(tracks, pin, lastSpeaker)
    const others = focus ? tracks.filter((track) => track !== focus) : tracks
    return (
      <FocusLayoutContainer className="room-focus" data-testid="stage" data-layout="speaker">
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
