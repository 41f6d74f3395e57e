import { useLocalParticipant, useParticipantAttributes, useTrackToggle } from '@livekit/components-react'
import { Track } from 'livekit-client'
import {
  HandIcon,
  MessageSquareIcon,
  MicIcon,
  MicOffIcon,
  MonitorUpIcon,
  PhoneOffIcon,
  SmilePlusIcon,
  UsersIcon,
  VideoIcon,
  VideoOffIcon,
} from 'lucide-react'
import { useMemo, useState } from 'react'
import { toast } from 'sonner'

import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'

import { toastDeviceFailure } from '../deviceToast'
import { useShortcuts } from '../hooks/useShortcuts'
import { REACTIONS, type Reaction } from '../reactions'
import { HAND_ATTRIBUTE, HAND_UP } from '../schema'
import { ariaShortcut, shortcutLabel, viewerIsApple } from '../shortcuts'
import { ControlButton } from './ControlButton'
import { EndCallButton } from './EndCallButton'
import { RecordButton } from './RecordButton'

export type Panel = 'chat' | 'people' | null

export interface ControlBarProps {
  interviewId: string
  moderator: boolean
  /** The room's metadata says the call is being recorded. */
  recording?: boolean
  panel: Panel
  onPanel: (panel: Panel) => void
  unread: number
  peopleCount: number
  onReact: (reaction: Reaction) => void
  onLeave: () => void
  onEnded: () => void
}

/** getDisplayMedia exists on desktop browsers only (and only in secure contexts, where mediaDevices exists). */
function canShareScreen(): boolean {
  if (typeof navigator === 'undefined') return false
  const mediaDevices = navigator.mediaDevices as MediaDevices | undefined
  return typeof mediaDevices?.getDisplayMedia === 'function'
}

export function ControlBar({ interviewId, moderator, recording = false, panel, onPanel, unread, peopleCount, onReact, onLeave, onEnded }: ControlBarProps) {
  const apple = viewerIsApple()
  const mic = useTrackToggle({
    source: Track.Source.Microphone,
    onDeviceError: (error) => {
      toastDeviceFailure('microphone', error)
    },
  })
  const camera = useTrackToggle({
    source: Track.Source.Camera,
    onDeviceError: (error) => {
      toastDeviceFailure('camera', error)
    },
  })
  const screen = useTrackToggle({
    source: Track.Source.ScreenShare,
    captureOptions: { audio: true, selfBrowserSurface: 'exclude', surfaceSwitching: 'include' },
    onDeviceError: (error) => {
      // Closing the browser's picker is not an error worth a message.
      if (error.name !== 'NotAllowedError' && error.name !== 'AbortError') {
        toast.error('Could not share your screen', { description: error.message })
      }
    },
  })
  const canShare = canShareScreen()
  const { localParticipant } = useLocalParticipant()
  const { attributes } = useParticipantAttributes({ participant: localParticipant })
  const handUp = attributes?.[HAND_ATTRIBUTE] === HAND_UP
  const [reactionsOpen, setReactionsOpen] = useState(false)

  const toggleMic = mic.toggle
  const toggleCamera = camera.toggle
  const handlers = useMemo(
    () => ({
      microphone: () => {
        void toggleMic()
      },
      camera: () => {
        void toggleCamera()
      },
    }),
    [toggleMic, toggleCamera],
  )
  useShortcuts(handlers)

  return (
    <div
      className="flex flex-wrap items-center justify-center gap-2 border-t bg-background px-2 py-2.5 sm:gap-3 sm:px-4"
      role="toolbar"
      aria-label="Call controls"
      data-testid="control-bar"
    >
      <ControlButton
        data-testid="toggle-mic"
        data-enabled={mic.enabled}
        aria-pressed={mic.enabled}
        aria-keyshortcuts={ariaShortcut('microphone')}
        disabled={mic.pending}
        onClick={() => void mic.toggle()}
        Icon={mic.enabled ? MicIcon : MicOffIcon}
        label="Microphone"
        tone={mic.enabled ? 'neutral' : 'off'}
        tooltip={`${mic.enabled ? 'Turn off' : 'Turn on'} microphone (${shortcutLabel('microphone', apple)})`}
      />
      <ControlButton
        data-testid="toggle-camera"
        data-enabled={camera.enabled}
        aria-pressed={camera.enabled}
        aria-keyshortcuts={ariaShortcut('camera')}
        disabled={camera.pending}
        onClick={() => void camera.toggle()}
        Icon={camera.enabled ? VideoIcon : VideoOffIcon}
        label="Camera"
        tone={camera.enabled ? 'neutral' : 'off'}
        tooltip={`${camera.enabled ? 'Turn off' : 'Turn on'} camera (${shortcutLabel('camera', apple)})`}
      />
      {canShare ? (
        <ControlButton
          data-testid="toggle-screen"
          data-enabled={screen.enabled}
          disabled={screen.pending}
          onClick={() => void screen.toggle()}
          Icon={MonitorUpIcon}
          label={screen.enabled ? 'Stop sharing' : 'Share screen'}
          tone={screen.enabled ? 'active' : 'neutral'}
          tooltip={screen.enabled ? 'Stop showing your screen' : 'Show a window, a tab or your whole screen'}
        />
      ) : null}
      <Popover open={reactionsOpen} onOpenChange={setReactionsOpen}>
        <PopoverTrigger asChild>
          <ControlButton data-testid="reaction-button" Icon={SmilePlusIcon} label="React" aria-haspopup="dialog" />
        </PopoverTrigger>
        <PopoverContent side="top" className="w-auto p-2" aria-label="Reactions">
          <div className="flex gap-1">
            {REACTIONS.map((reaction) => (
              <button
                key={reaction.name}
                type="button"
                data-testid={`reaction-${reaction.name}`}
                className="flex size-11 items-center justify-center rounded-full text-2xl outline-none transition-transform hover:scale-110 hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                onClick={() => {
                  onReact(reaction)
                }}
              >
                <span aria-hidden="true">{reaction.emoji}</span>
                <span className="sr-only">{reaction.label}</span>
              </button>
            ))}
          </div>
        </PopoverContent>
      </Popover>
      <ControlButton
        data-testid="raise-hand"
        data-enabled={handUp}
        onClick={() => {
          void localParticipant.setAttributes({ [HAND_ATTRIBUTE]: handUp ? '' : HAND_UP }).catch((error: unknown) => {
            toast.error('Could not change your hand', { description: error instanceof Error ? error.message : undefined })
          })
        }}
        Icon={HandIcon}
        label={handUp ? 'Lower hand' : 'Raise hand'}
        tone={handUp ? 'active' : 'neutral'}
      />
      <ControlButton
        data-testid="chat-toggle"
        aria-pressed={panel === 'chat'}
        onClick={() => {
          onPanel(panel === 'chat' ? null : 'chat')
        }}
        Icon={MessageSquareIcon}
        label="Chat"
        tone={panel === 'chat' ? 'active' : 'neutral'}
        badge={
          unread > 0 ? (
            <span className="absolute -top-1 -right-1 flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] leading-5 text-white" data-testid="chat-unread">
              {unread}
              <span className="sr-only"> unread</span>
            </span>
          ) : null
        }
      />
      <ControlButton
        data-testid="participants-toggle"
        aria-pressed={panel === 'people'}
        onClick={() => {
          onPanel(panel === 'people' ? null : 'people')
        }}
        Icon={UsersIcon}
        label="People"
        tone={panel === 'people' ? 'active' : 'neutral'}
        badge={<span className="rounded-full bg-background/60 px-1.5 text-xs tabular-nums text-foreground">{peopleCount}</span>}
      />
      {moderator ? <RecordButton interviewId={interviewId} recording={recording} /> : null}
      <ControlButton data-testid="leave" onClick={onLeave} Icon={PhoneOffIcon} label="Leave" tone="danger" alwaysLabelled />
      {moderator ? <EndCallButton interviewId={interviewId} onEnded={onEnded} /> : null}
    </div>
  )
}
