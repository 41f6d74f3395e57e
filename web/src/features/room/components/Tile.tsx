import {
  isTrackReference,
  ParticipantTile,
  useConnectionQualityIndicator,
  useEnsureTrackRef,
  useIsMuted,
  useIsSpeaking,
  useParticipantAttributes,
  useParticipantInfo,
  VideoTrack,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react'
import { ConnectionQuality, Track, type Participant } from 'livekit-client'
import { HandIcon, MicOffIcon, MonitorUpIcon, PinIcon, PinOffIcon } from 'lucide-react'
import { useCallback, useContext } from 'react'

import { initials } from '@/features/session/present'
import { cn } from '@/lib/utils'

import { EarlyVideoContext } from '../earlyVideo'
import { useFloatsFor } from '../hooks/useReactions'
import { callRoleLabels, HAND_ATTRIBUTE, HAND_UP, roleFromMetadata } from '../schema'
import { participantName } from '../people'
import { isTile } from '../stage'
import { StageContext } from '../stageContext'

/**
 * One tile: components-react's ParticipantTile (speaking, muted and source data attributes, track context) with
 * its insides drawn here in our tokens: the real `<video>`, initials when there is no picture, name, role, raised
 * hand, microphone state, connection quality, and the reactions floating over it.
 */
export function Tile({ trackRef: given, className }: { trackRef?: TrackReferenceOrPlaceholder; className?: string }) {
  const trackRef = useEnsureTrackRef(given)
  const participant = trackRef.participant
  const screen = trackRef.source === Track.Source.ScreenShare
  const videoMuted = useIsMuted(trackRef)
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone })
  const speaking = useIsSpeaking(participant)
  const { attributes } = useParticipantAttributes({ participant })
  const { metadata } = useParticipantInfo({ participant })
  const role = roleFromMetadata(metadata)
  const hand = attributes?.[HAND_ATTRIBUTE] === HAND_UP
  const name = participantName(participant)
  const label = screen ? (participant.isLocal ? 'Your screen' : `${name}’s screen`) : `${name}${participant.isLocal ? ' (you)' : ''}`
  const hasVideo = isTrackReference(trackRef) && !videoMuted
  const { pin, setPin } = useContext(StageContext)
  const pinned = isTile(pin, participant.identity, trackRef.source)
  // A remote picture plays in this <video> as soon as its track arrives, before livekit-client hands it over.
  const early = useContext(EarlyVideoContext)
  const earlySid = isTrackReference(trackRef) && !participant.isLocal ? trackRef.publication.trackSid : undefined
  const earlyVideo = useCallback(
    (video: HTMLVideoElement | null) => (video && early && earlySid ? early.element(earlySid, video) : undefined),
    [early, earlySid],
  )

  return (
    <ParticipantTile
      trackRef={trackRef}
      data-testid="participant-tile"
      data-identity={participant.identity}
      data-source={trackRef.source}
      data-hand={hand}
      className={cn(
        'group/tile @container relative isolate overflow-hidden rounded-xl bg-neutral-800 text-white ring-offset-2 ring-offset-background',
        speaking && !screen && 'ring-2 ring-emerald-500',
        className,
      )}
    >
      {isTrackReference(trackRef) ? (
        <VideoTrack
          ref={earlyVideo}
          trackRef={trackRef}
          className={cn(
            'size-full bg-black',
            screen ? 'object-contain' : 'object-cover',
            participant.isLocal && !screen && '-scale-x-100',
            !hasVideo && 'invisible',
          )}
        />
      ) : null}
      {!hasVideo ? (
        <div className="absolute inset-0 flex items-center justify-center bg-neutral-800">
          <span
            className="flex aspect-square w-[28%] max-w-28 min-w-12 items-center justify-center rounded-full bg-neutral-600 text-[clamp(1rem,4vw,2rem)] font-semibold"
            aria-hidden="true"
          >
            {initials({ name: participant.name ?? '', email: participant.identity })}
          </span>
        </div>
      ) : null}

      {!screen ? <ReactionFloats identity={participant.identity} /> : null}

      {hand && !screen ? (
        <span className="absolute top-2 left-2 flex items-center gap-1 rounded-full bg-amber-400 px-2 py-1 text-xs font-medium text-neutral-900" data-testid="tile-hand">
          <HandIcon className="size-3.5" aria-hidden="true" />
          Hand raised
        </span>
      ) : null}

      <button
        type="button"
        aria-pressed={pinned}
        onClick={() => {
          setPin(pinned ? null : { identity: participant.identity, source: trackRef.source })
        }}
        className="absolute top-2 right-2 flex items-center gap-1 rounded-md bg-black/60 px-2 py-1 text-xs opacity-0 outline-none transition-opacity group-hover/tile:opacity-100 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-white"
        data-testid="tile-pin"
      >
        {pinned ? <PinOffIcon className="size-3.5" aria-hidden="true" /> : <PinIcon className="size-3.5" aria-hidden="true" />}
        {pinned ? 'Unpin' : 'Pin'}
        <span className="sr-only"> {label}</span>
      </button>

      <div className="absolute inset-x-2 bottom-2 flex items-end justify-between gap-2">
        <span className="flex min-w-0 items-center gap-1.5 rounded-md bg-black/60 px-2 py-1 text-xs">
          {screen ? (
            <MonitorUpIcon className="size-3.5 shrink-0" aria-hidden="true" />
          ) : micMuted ? (
            <MicOffIcon className="size-3.5 shrink-0 text-red-400" aria-label="Microphone off" role="img" data-testid="tile-mic-off" />
          ) : null}
          <span className="truncate font-medium" data-testid="tile-name">
            {label}
          </span>
          {role && !screen ? <span className="hidden shrink-0 text-white/75 @xs:inline">· {callRoleLabels[role]}</span> : null}
        </span>
        {!screen ? <QualityIndicator participant={participant} /> : null}
      </div>
    </ParticipantTile>
  )
}

const qualityText: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: 'Excellent',
  [ConnectionQuality.Good]: 'Good',
  [ConnectionQuality.Poor]: 'Poor',
  [ConnectionQuality.Lost]: 'Lost',
  [ConnectionQuality.Unknown]: 'Unknown',
}

const qualityBars: Record<ConnectionQuality, number> = {
  [ConnectionQuality.Excellent]: 3,
  [ConnectionQuality.Good]: 2,
  [ConnectionQuality.Poor]: 1,
  [ConnectionQuality.Lost]: 0,
  [ConnectionQuality.Unknown]: 0,
}

/** Connection quality from components-react's useConnectionQualityIndicator, drawn as signal bars. */
function QualityIndicator({ participant }: { participant: Participant }) {
  const { quality } = useConnectionQualityIndicator({ participant })
  const bars = qualityBars[quality]
  const poor = quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost
  return (
    <span
      className="flex h-6 shrink-0 items-end gap-0.5 rounded-md bg-black/60 px-1.5 pb-1.5"
      role="img"
      aria-label={`Connection: ${qualityText[quality]}`}
      title={`Connection: ${qualityText[quality]}`}
      data-testid="tile-quality"
      data-quality={quality}
    >
      {[1, 2, 3].map((level) => (
        <span
          key={level}
          className={cn('w-1 rounded-sm', level <= bars ? (poor ? 'bg-red-400' : 'bg-emerald-400') : 'bg-white/30')}
          style={{ height: `${String(level * 4)}px` }}
        />
      ))}
    </span>
  )
}

function ReactionFloats({ identity }: { identity: string }) {
  const floats = useFloatsFor(identity)
  if (floats.length === 0) return null
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-10 flex h-2/3 justify-center" aria-hidden="true">
      {floats.map((float, i) => (
        <span
          key={float.key}
          className="room-reaction-float absolute bottom-0 text-4xl"
          style={{ left: `${String(35 + ((i * 17) % 30))}%` }}
          data-testid="reaction-float"
          data-reaction={float.reaction.name}
          data-identity={identity}
        >
          {float.reaction.emoji}
        </span>
      ))}
    </div>
  )
}
