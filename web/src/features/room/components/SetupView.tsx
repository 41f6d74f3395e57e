import { useQueryClient } from '@tanstack/react-query'
import { useTrackVolume } from '@livekit/components-react'
import type { LocalAudioTrack, LocalVideoTrack } from 'livekit-client'
import { CalendarClockIcon, CodeIcon, LoaderCircleIcon, MicIcon, MicOffIcon, Volume2Icon, VideoIcon, VideoOffIcon } from 'lucide-react'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import type { Interview } from '@/features/interviews/schema'
import { formatTimeRange } from '@/features/interviews/time'
import { initials } from '@/features/session/present'
import type { User } from '@/features/session/schema'
import { useNow } from '@/hooks/useNow'
import { cn } from '@/lib/utils'

import { freshJoinGrant, useAttendance, useJoinCall, useJoinGrant } from '../api'
import {
  browserStorage,
  canPickSpeaker,
  describeDeviceProblems,
  deviceLabel,
  loadChoices,
  saveChoices,
  type CallChoices,
  type DeviceName,
} from '../devices'
import { playTestSound } from '../hooks/speakerTest'
import { useMediaDeviceList } from '../hooks/useMediaDeviceList'
import { usePreviewMedia } from '../hooks/usePreviewMedia'
import { callAvailability, formatOpensAt, OPENS_BEFORE_MINUTES } from '../opening'
import type { HandedTracks } from '../preview'
import type { JoinDetails } from '../schema'

export interface SetupViewProps {
  interview: Interview
  me: User
  /** Join: the grant, the choices, and the preview's live tracks (the call publishes them). */
  onJoined: (join: JoinDetails, choices: CallChoices, tracks: HandedTracks) => void
  /** The call is rendering after Join (the button says so meanwhile). */
  joining?: boolean
  /** Opens the code, problem and notes without the call (absent when the interview has no documents). */
  onOpenCode?: () => void
}

/** Before joining: preview, level meter, device pickers and on/off, remembered in this browser. */
export function SetupView({ interview, me, onJoined, joining = false, onOpenCode }: SetupViewProps) {
  const [choices, setChoices] = useState(() => loadChoices(browserStorage()))
  const preview = usePreviewMedia({
    camera: choices.videoEnabled ? choices.videoDeviceId : false,
    microphone: choices.audioEnabled ? choices.audioDeviceId : false,
  })
  const { camera, microphone, media } = preview
  const join = useJoinCall(interview.id)
  const now = useNow(15_000)
  const availability = callAvailability(interview, now)
  const queryClient = useQueryClient()
  useJoinGrant(interview.id, availability.state === 'open')

  const update = (patch: Partial<CallChoices>) => {
    const next = { ...choices, ...patch }
    setChoices(next)
    saveChoices(browserStorage(), next)
  }

  const toggle = (device: DeviceName) => {
    if (device === 'camera') {
      const on = !choices.videoEnabled
      update({ videoEnabled: on })
      void media.set('camera', on ? choices.videoDeviceId : false)
    } else {
      const on = !choices.audioEnabled
      update({ audioEnabled: on })
      void media.set('microphone', on ? choices.audioDeviceId : false)
    }
  }

  const pick = (device: DeviceName, deviceId: string) => {
    if (device === 'camera') {
      update({ videoDeviceId: deviceId })
      if (choices.videoEnabled) void media.set('camera', deviceId)
    } else {
      update({ audioDeviceId: deviceId })
      if (choices.audioEnabled) void media.set('microphone', deviceId)
    }
  }

  const problem = describeDeviceProblems({
    camera: choices.videoEnabled ? (camera.error ?? undefined) : undefined,
    microphone: choices.audioEnabled ? (microphone.error ?? undefined) : undefined,
  })

  // What the call starts with: a device that failed here is not tried again on join.
  const callChoices: CallChoices = {
    ...choices,
    videoEnabled: choices.videoEnabled && camera.error === null,
    audioEnabled: choices.audioEnabled && microphone.error === null,
  }

  const onJoin = () => {
    const grant = freshJoinGrant(queryClient, interview.id)
    if (grant) {
      onJoined(grant, callChoices, media.handOff())
      return
    }
    join.mutate(undefined, {
      onSuccess: (details) => {
        onJoined(details, callChoices, media.handOff())
      },
    })
  }

  return (
    <div className="mx-auto grid w-full max-w-5xl gap-6 p-4 sm:p-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start lg:gap-8" data-testid="setup-page">
      <section className="min-w-0 space-y-3" aria-label="Camera and microphone preview">
        <div className="relative aspect-[4/3] overflow-hidden rounded-xl border bg-neutral-900 sm:aspect-video" data-testid="setup-preview">
          <PreviewVideo track={choices.videoEnabled ? camera.track : null} />
          {!choices.videoEnabled || !camera.track ? (
            <div className="absolute inset-x-0 top-0 bottom-16 flex flex-col items-center justify-center gap-2 text-neutral-200 sm:gap-3">
              <span className="flex size-16 items-center justify-center rounded-full bg-neutral-700 text-xl font-semibold sm:size-20 sm:text-2xl" aria-hidden="true">
                {initials(me)}
              </span>
              <p className="text-sm">
                {camera.pending ? 'Starting your camera…' : choices.videoEnabled ? 'Camera not available' : 'Your camera is off'}
              </p>
            </div>
          ) : null}
          <div className="absolute inset-x-0 bottom-0 flex justify-center gap-3 bg-gradient-to-t from-black/60 to-transparent p-3">
            <RoundToggle
              testId="setup-mic-toggle"
              on={choices.audioEnabled}
              onClick={() => {
                toggle('microphone')
              }}
              label="Microphone"
              Icon={choices.audioEnabled ? MicIcon : MicOffIcon}
            />
            <RoundToggle
              testId="setup-camera-toggle"
              on={choices.videoEnabled}
              onClick={() => {
                toggle('camera')
              }}
              label="Camera"
              Icon={choices.videoEnabled ? VideoIcon : VideoOffIcon}
            />
          </div>
        </div>
        <MicLevel track={choices.audioEnabled ? microphone.track : null} />
        {problem ? (
          <Alert variant="destructive" data-testid="setup-error" data-kind={problem.kind}>
            <AlertTitle>{problem.title}</AlertTitle>
            <AlertDescription>{problem.body}</AlertDescription>
          </Alert>
        ) : null}
      </section>

      <section className="min-w-0 space-y-5" aria-labelledby="setup-heading">
        <div className="space-y-1">
          <h1 id="setup-heading" className="text-2xl font-semibold tracking-tight">
            Ready to join?
          </h1>
          <p className="font-medium break-words" data-testid="setup-title">
            {interview.title}
          </p>
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <CalendarClockIcon className="size-4 shrink-0" aria-hidden="true" />
            {formatTimeRange(interview.startsAt, interview.endsAt)}
          </p>
        </div>

        {availability.state === 'early' ? (
          <Alert variant="info" data-testid="setup-opens-at" role="status">
            <AlertTitle>The call opens at {formatOpensAt(availability.opensAt, now)}</AlertTitle>
            <AlertDescription>
              That is {OPENS_BEFORE_MINUTES} minutes before the interview starts, in your time zone. Check your camera
              and microphone in the meantime.
            </AlertDescription>
          </Alert>
        ) : null}
        {availability.state === 'cancelled' ? (
          <Alert variant="destructive" data-testid="setup-cancelled">
            <AlertTitle>This interview was cancelled</AlertTitle>
            <AlertDescription>There is no call to join.</AlertDescription>
          </Alert>
        ) : null}
        {availability.state === 'ended' ? (
          <Alert data-testid="setup-ended" role="status">
            <AlertTitle>This interview has ended</AlertTitle>
            <AlertDescription>You can still join if the call is running.</AlertDescription>
          </Alert>
        ) : null}

        <InCallNow interviewId={interview.id} myId={me.id} />

        <div className="space-y-3">
          <DevicePicker
            kind="videoinput"
            label="Camera"
            testId="setup-camera-select"
            refresh={camera.track}
            value={choices.videoDeviceId || currentDeviceId(camera.track)}
            onChange={(id) => {
              pick('camera', id)
            }}
          />
          <DevicePicker
            kind="audioinput"
            label="Microphone"
            testId="setup-mic-select"
            refresh={microphone.track}
            value={choices.audioDeviceId || currentDeviceId(microphone.track)}
            onChange={(id) => {
              pick('microphone', id)
            }}
          />
          <SpeakerPicker
            refresh={microphone.track ?? camera.track}
            value={choices.audioOutputDeviceId}
            onChange={(id) => {
              update({ audioOutputDeviceId: id })
            }}
          />
        </div>

        {join.isError ? (
          <Alert variant="destructive" data-testid="setup-join-error">
            <AlertTitle>Could not join</AlertTitle>
            <AlertDescription className="wrap-anywhere">{join.error.message}</AlertDescription>
          </Alert>
        ) : null}

        {availability.state !== 'cancelled' ? (
          <div className="space-y-2">
            <Button size="lg" className="w-full" data-testid="setup-join" disabled={join.isPending || joining} onClick={onJoin}>
              {join.isPending || joining ? <LoaderCircleIcon className="animate-spin" /> : <VideoIcon />}
              {join.isPending || joining ? 'Joining…' : 'Join call'}
            </Button>
            <p className="text-center text-xs text-muted-foreground" data-testid="setup-summary">
              {joinSummary(callChoices)}
            </p>
          </div>
        ) : null}
        {onOpenCode ? (
          <Button variant="outline" className="w-full" data-testid="setup-open-code" onClick={onOpenCode}>
            <CodeIcon />
            {availability.state === 'ended' || availability.state === 'cancelled' ? 'Review the code' : 'Open the code without the call'}
          </Button>
        ) : null}
      </section>
    </div>
  )
}

function joinSummary(choices: CallChoices): string {
  if (choices.videoEnabled && choices.audioEnabled) return 'You join with your camera and microphone on.'
  if (choices.videoEnabled) return 'You join with your camera on and your microphone off.'
  if (choices.audioEnabled) return 'You join with your microphone on and no camera.'
  return 'You join with no camera and no microphone; you can still chat.'
}

function currentDeviceId(track: LocalVideoTrack | LocalAudioTrack | null): string {
  return track?.mediaStreamTrack.getSettings().deviceId ?? ''
}

function PreviewVideo({ track }: { track: LocalVideoTrack | null }) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!track || !element) return
    track.attach(element)
    return () => {
      track.detach(element)
    }
  }, [track])
  return (
    <video
      ref={ref}
      muted
      playsInline
      autoPlay
      className={cn('size-full -scale-x-100 object-cover', !track && 'invisible')}
      data-testid="setup-video"
    />
  )
}

function RoundToggle({
  testId,
  on,
  onClick,
  label,
  Icon,
}: {
  testId: string
  on: boolean
  onClick: () => void
  label: string
  Icon: typeof MicIcon
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      data-enabled={on}
      aria-pressed={on}
      onClick={onClick}
      className={cn(
        'flex size-12 items-center justify-center rounded-full border outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-white/70',
        on ? 'border-white/30 bg-neutral-800/80 text-white hover:bg-neutral-700' : 'border-transparent bg-red-600 text-white hover:bg-red-600/90',
      )}
    >
      <Icon className="size-5" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </button>
  )
}

/** A level meter fed by components-react's useTrackVolume (an analyser on the preview track). */
function MicLevel({ track }: { track: LocalAudioTrack | null }) {
  const volume = useTrackVolume(track ?? undefined)
  const level = track ? Math.min(1, Math.sqrt(volume) * 1.4) : 0
  const lit = Math.round(level * 12)
  return (
    <div className="flex items-center gap-3">
      <MicIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <div
        role="meter"
        aria-label="Microphone level"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(level * 100)}
        data-testid="setup-mic-level"
        className="flex h-2 flex-1 gap-1"
      >
        {Array.from({ length: 12 }, (_, i) => (
          <span key={i} className={cn('flex-1 rounded-full', i < lit ? 'bg-emerald-500' : 'bg-muted')} />
        ))}
      </div>
      <span className="w-24 shrink-0 text-right text-xs text-muted-foreground">{track ? 'Say something' : 'Microphone off'}</span>
    </div>
  )
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  )
}

function DevicePicker({
  kind,
  label,
  testId,
  refresh,
  value,
  onChange,
}: {
  kind: MediaDeviceKind
  label: string
  testId: string
  refresh: unknown
  value: string
  onChange: (deviceId: string) => void
}) {
  const id = useId()
  const devices = useMediaDeviceList(kind, refresh)
  const selected = devices.some((device) => device.deviceId === value) ? value : (devices[0]?.deviceId ?? '')
  return (
    <Field id={id} label={label}>
      <NativeSelect
        id={id}
        data-testid={testId}
        value={selected}
        disabled={devices.length === 0}
        onChange={(event) => {
          onChange(event.target.value)
        }}
      >
        {devices.length === 0 ? <option value="">No {label.toLowerCase()} found</option> : null}
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {deviceLabel(device, index)}
          </option>
        ))}
      </NativeSelect>
    </Field>
  )
}

function SpeakerPicker({ refresh, value, onChange }: { refresh: unknown; value: string; onChange: (deviceId: string) => void }) {
  const id = useId()
  const devices = useMediaDeviceList('audiooutput', refresh)
  const [testing, setTesting] = useState(false)
  if (!canPickSpeaker()) {
    return (
      <p className="text-xs text-muted-foreground" data-testid="setup-speaker-default">
        Sound plays through your system’s default speaker (this browser cannot pick another).
      </p>
    )
  }
  const selected = devices.some((device) => device.deviceId === value) ? value : (devices[0]?.deviceId ?? '')
  return (
    <Field id={id} label="Speaker">
      <div className="flex gap-2">
        <NativeSelect
          id={id}
          data-testid="setup-speaker-select"
          wrapperClassName="min-w-0 flex-1"
          value={selected}
          disabled={devices.length === 0}
          onChange={(event) => {
            onChange(event.target.value)
          }}
        >
          {devices.length === 0 ? <option value="">Default speaker</option> : null}
          {devices.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {deviceLabel(device, index)}
            </option>
          ))}
        </NativeSelect>
        <Button
          type="button"
          variant="outline"
          data-testid="setup-speaker-test"
          disabled={testing}
          onClick={() => {
            setTesting(true)
            playTestSound(selected).then(
              () => {
                setTesting(false)
              },
              () => {
                setTesting(false)
              },
            )
          }}
        >
          <Volume2Icon />
          {testing ? 'Playing…' : 'Test'}
        </Button>
      </div>
    </Field>
  )
}

/** "Already in the call: …" from the attendance (rows without `leftAt`); nothing when it cannot be read. */
function InCallNow({ interviewId, myId }: { interviewId: string; myId: string }) {
  const attendance = useAttendance(interviewId)
  if (!attendance.data) return null
  const here = new Map<string, string>()
  for (const entry of attendance.data) {
    if (entry.leftAt === null && entry.userId !== myId) here.set(entry.userId, entry.name || 'Someone')
  }
  const names = [...here.values()]
  return (
    <p className="text-sm text-muted-foreground" data-testid="setup-in-call" data-count={names.length}>
      {names.length === 0 ? 'Nobody is in the call yet.' : `In the call now: ${names.join(', ')}.`}
    </p>
  )
}
