import { useIsMuted, useIsSpeaking, useParticipantAttributes, useParticipantInfo } from '@livekit/components-react'
import { Track, type Participant } from 'livekit-client'
import { HandIcon, MicIcon, MicOffIcon, UserMinusIcon, VideoIcon, VideoOffIcon, XIcon } from 'lucide-react'
import { toast } from 'sonner'

import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { initials } from '@/features/session/present'
import { cn } from '@/lib/utils'

import { useMuteParticipant, useRemoveParticipant } from '../api'
import { participantName, sortPeople } from '../people'
import { callRoleLabels, HAND_ATTRIBUTE, HAND_UP, roleFromMetadata } from '../schema'
import { SidePanel } from './SidePanel'

export interface PeoplePanelProps {
  interviewId: string
  participants: readonly Participant[]
  moderator: boolean
  open: boolean
  onClose: () => void
}

export function PeoplePanel({ interviewId, participants, moderator, open, onClose }: PeoplePanelProps) {
  return (
    <SidePanel open={open} title={`People (${String(participants.length)})`} testId="participants-panel" onClose={onClose} closeLabel="Close people" CloseIcon={XIcon}>
      <ul className="min-h-0 flex-1 divide-y overflow-y-auto" tabIndex={0} aria-label="People in the call">
        {sortPeople(participants).map((participant) => (
          <PersonRow key={participant.identity} interviewId={interviewId} participant={participant} moderator={moderator} />
        ))}
      </ul>
    </SidePanel>
  )
}

function PersonRow({ interviewId, participant, moderator }: { interviewId: string; participant: Participant; moderator: boolean }) {
  const { metadata } = useParticipantInfo({ participant })
  const { attributes } = useParticipantAttributes({ participant })
  const micOff = useIsMuted({ participant, source: Track.Source.Microphone })
  const cameraOff = useIsMuted({ participant, source: Track.Source.Camera })
  const speaking = useIsSpeaking(participant)
  const role = roleFromMetadata(metadata)
  const hand = attributes?.[HAND_ATTRIBUTE] === HAND_UP
  const name = participantName(participant)
  const mute = useMuteParticipant(interviewId)
  const remove = useRemoveParticipant(interviewId)
  const identity = participant.identity

  return (
    <li
      className="flex flex-wrap items-center gap-3 px-4 py-3"
      data-testid="participant-row"
      data-identity={identity}
      data-speaking={speaking}
      data-mic={micOff ? 'off' : 'on'}
      data-camera={cameraOff ? 'off' : 'on'}
      data-hand={hand}
    >
      <span
        className={cn(
          'flex size-9 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-semibold ring-offset-2 ring-offset-background',
          speaking && 'ring-2 ring-emerald-500',
        )}
        aria-hidden="true"
      >
        {initials({ name: participant.name ?? '', email: identity })}
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-1.5 text-sm font-medium">
          <span className="truncate">{name}</span>
          {participant.isLocal ? <span className="shrink-0 text-muted-foreground">(you)</span> : null}
          {hand ? (
            <HandIcon className="size-4 shrink-0 text-amber-500" role="img" aria-label="Hand raised" data-testid="row-hand" />
          ) : null}
        </p>
        <p className="flex items-center gap-2 text-xs text-muted-foreground">
          {role ? <Badge variant="secondary">{callRoleLabels[role]}</Badge> : null}
          {speaking ? <span className="text-emerald-700 dark:text-emerald-400">Speaking</span> : null}
        </p>
      </div>
      <span className="flex items-center gap-1.5 text-muted-foreground">
        {micOff ? (
          <MicOffIcon className="size-4 text-red-500" role="img" aria-label="Microphone off" />
        ) : (
          <MicIcon className="size-4" role="img" aria-label="Microphone on" />
        )}
        {cameraOff ? (
          <VideoOffIcon className="size-4 text-red-500" role="img" aria-label="Camera off" />
        ) : (
          <VideoIcon className="size-4" role="img" aria-label="Camera on" />
        )}
      </span>
      {moderator && !participant.isLocal ? (
        <div className="flex w-full justify-end gap-2 pl-12">
          <Button
            variant="outline"
            size="sm"
            data-testid={`mute-${identity}`}
            disabled={micOff || mute.isPending}
            onClick={() => {
              mute.mutate(identity, {
                onError: (error) => toast.error(`Could not mute ${name}`, { description: error.message }),
              })
            }}
          >
            <MicOffIcon />
            Mute
            <span className="sr-only"> {name}</span>
          </Button>
          <Button
            variant="outline"
            size="sm"
            className="text-red-700 dark:text-red-400"
            data-testid={`remove-${identity}`}
            disabled={remove.isPending}
            onClick={() => {
              remove.mutate(identity, {
                onSuccess: () => toast.success(`${name} was removed from the call`),
                onError: (error) => toast.error(`Could not remove ${name}`, { description: error.message }),
              })
            }}
          >
            <UserMinusIcon />
            Remove
            <span className="sr-only"> {name}</span>
          </Button>
        </div>
      ) : null}
    </li>
  )
}
