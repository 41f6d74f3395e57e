import {
  CarouselLayout,
  FocusLayoutContainer,
  GridLayout,
  TrackLoop,
  isTrackReference,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react'

import { useLastSpeaker } from '../hooks/useLastSpeaker'
import { useMediaQuery } from '@/hooks/useMediaQuery'
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
export function Stage({ tracks, layout, pin }: StageProps) {
  const narrow = useMediaQuery('(max-width: 639px)')
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
