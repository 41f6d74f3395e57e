import {
  RoomAudioRenderer,
  RoomContext,
  useParticipants,
  useStartAudio,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from '@livekit/components-react'
import { ConnectionState, MediaDeviceFailure, RoomEvent, Track, type DisconnectReason } from 'livekit-client'
import { LoaderCircleIcon, Volume2Icon } from 'lucide-react'
import { useQueryClient } from '@tanstack/react-query'
import { createContext, memo, useCallback, useContext, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'

import { Button } from '@/components/ui/button'
import { interviewKeys } from '@/features/interviews/keys'
import type { Interview } from '@/features/interviews/schema'
import { fetchInterview } from '@/features/interviews/useInterviews'
import { displayName } from '@/features/session/present'
import type { User } from '@/features/session/schema'
import { Workspace, type WorkspaceProps } from '@/features/workspace/Workspace'

import { CallShownContext } from '../callShown'
import type { CallConnection } from '../connect'
import { toastDeviceFailure } from '../deviceToast'
import { exitForDisconnect } from '../disconnect'
import { EarlyVideoContext, type EarlyVideo } from '../earlyVideo'
import { whenFirstPicture } from '../firstFrame'
import { mergeExit, type CallExit } from '../exit'
import { ReactionsContext, useReactions } from '../hooks/useReactions'
import { useCallConnectionState } from '../hooks/useCallConnectionState'
import { useRoomChat, useRoomEnded } from '../hooks/useRoomData'
import { useRoomRecording } from '../hooks/useRoomRecording'
import { interviewPath } from '../opening'
import { participantName } from '../people'
import { canModerate, type ChatMessage, type JoinDetails } from '../schema'
import { initialStage, stageReducer, type Layout, type ShareInfo, type TileKey } from '../stage'
import { StageContext } from '../stageContext'
import { CallHeader } from './CallHeader'
import { ChatPanel } from './ChatPanel'
import { ControlBar, type Panel } from './ControlBar'
import { ExitNotice } from './ExitNotice'
import { PeoplePanel } from './PeoplePanel'
import { Stage } from './Stage'

export interface CallViewProps {
  interview: Interview
  me: User
  join: JoinDetails
  /** The room: connecting since the Join click (rendered hidden before it, on the Room made ready for it). */
  connection: CallConnection
  /** Back to the setup page (after a lost connection, or to try again). */
  onRejoin: () => void
}

/** The chat before its history has loaded (one array, so the memoized chat panel is not rendered again for it). */
const NO_MESSAGES: ChatMessage[] = []

/** How long "Ada ended the call" stays before the page moves to the interview. */
const EXIT_NOTICE_MS = 2_500

/**
 * The call: one Room per call (`prepareCall` or `startCall`, which also publish the camera and microphone chosen on
 * the setup page), connecting from the Join click, provided to components-react's hooks through RoomContext.
 * Rendered ahead of Join, invisible (RoomPage), it does not connect by itself: `connection.started()` is false.
 */
export const CallView = memo(function CallView({ interview, me, join, connection, onRejoin }: CallViewProps) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { room } = connection
  const [exit, setExit] = useState<CallExit | null>(null)
  // Who ended the call, when the room went away before its "room-ended" message arrived: asked of the server.
  const [lookupDone, setLookupDone] = useState(false)
  const finish = useCallback((next: CallExit) => {
    setExit((current) => mergeExit(current, next))
  }, [])
  // Set only by the Leave button: a disconnect we did not ask for (React's StrictMode unmounting and mounting
  // LiveKitRoom in development) is not the person leaving.
  const leaving = useRef(false)
  const leave = useCallback(() => {
    leaving.current = true
    void room.disconnect()
  }, [room])

  const unnamedEnd = exit?.kind === 'ended' && exit.by === null
  const lookingUp = unnamedEnd && !lookupDone
  useEffect(() => {
    if (!unnamedEnd) return
    let active = true
    queryClient
      .query({ queryKey: interviewKeys.detail(interview.id), queryFn: ({ signal }) => fetchInterview(interview.id, signal), staleTime: 0 })
      .then(
        (fresh) => {
          const by = fresh.callEndedBy
          if (active && by) finish({ kind: 'ended', by: by.id === join.identity ? '' : displayName(by) })
        },
        () => undefined,
      )
      .finally(() => {
        if (active) setLookupDone(true)
      })
    return () => {
      active = false
    }
  }, [unnamedEnd, queryClient, interview.id, join.identity, finish])

  useEffect(() => {
    if (!exit || lookingUp) return
    if (exit.kind !== 'left' && exit.kind !== 'ended' && exit.kind !== 'removed') return
    const timer = setTimeout(
      () => {
        void navigate(interviewPath(interview.id), { state: { callExit: exit } })
      },
      exit.kind === 'left' ? 0 : EXIT_NOTICE_MS,
    )
    return () => {
      clearTimeout(timer)
    }
  }, [exit, lookingUp, navigate, interview.id])

  const onDisconnected = useCallback(
    (reason?: DisconnectReason) => {
      const next = exitForDisconnect(reason)
      if (next.kind === 'left' && !leaving.current) return
      finish(next)
    },
    [finish],
  )
  const onError = useCallback(
    (error: Error) => {
      if (room.state === ConnectionState.Disconnected) finish({ kind: 'failed', message: error.message })
      else toast.error('Something went wrong in the call', { description: error.message })
    },
    [room, finish],
  )
  const onMediaDeviceFailure = useCallback((failure?: MediaDeviceFailure, kind?: MediaDeviceKind) => {
    toastDeviceFailure(kind === 'videoinput' ? 'camera' : 'microphone', failure)
  }, [])

  // The room's events, and its first connection's failure. On unmount the call is left; React's StrictMode (in
  // development) unmounts and mounts again at once, so a room found disconnected on mount is connected again.
  const disconnected = useEffectEvent((reason?: DisconnectReason) => {
    onDisconnected(reason)
  })
  const deviceError = useEffectEvent((error: Error, kind?: MediaDeviceKind) => {
    onMediaDeviceFailure(MediaDeviceFailure.getFailure(error), kind)
  })
  const failed = useEffectEvent((error: unknown) => {
    onError(error instanceof Error ? error : new Error(String(error)))
  })
  useEffect(() => {
    room.on(RoomEvent.Disconnected, disconnected).on(RoomEvent.MediaDevicesError, deviceError)
    // A call rendered ahead of Join (not started) waits for Join's connection instead of connecting itself.
    const attempt =
      room.state === ConnectionState.Disconnected && !leaving.current && connection.started()
        ? room.connect(join.url, join.token)
        : connection.connecting
    let mounted = true
    attempt.catch((error: unknown) => {
      if (mounted) failed(error)
    })
    return () => {
      mounted = false
      room.off(RoomEvent.Disconnected, disconnected).off(RoomEvent.MediaDevicesError, deviceError)
      void room.disconnect()
    }
  }, [room, connection, join.url, join.token])

  return (
    <RoomContext.Provider value={room}>
      <EarlyVideoContext.Provider value={connection.early}>
      <div className="flex min-h-0 flex-1 flex-col">
        <CallSession
          interview={interview}
          me={me}
          join={join}
          exit={exit}
          exitPending={lookingUp}
          finish={finish}
          onLeave={leave}
          onRejoin={onRejoin}
          early={connection.early}
        />
      </div>
      </EarlyVideoContext.Provider>
    </RoomContext.Provider>
  )
})

function CallSession({
  interview,
  me,
  join,
  exit,
  exitPending,
  finish,
  onLeave,
  onRejoin,
  early,
}: {
  interview: Interview
  me: User
  join: JoinDetails
  exit: CallExit | null
  exitPending: boolean
  finish: (exit: CallExit) => void
  onLeave: () => void
  onRejoin: () => void
  early: EarlyVideo
}) {
  const connection = useCallConnectionState()
  const participants = useParticipants()
  const moderator = canModerate(join.role)
  const { floats, react } = useReactions()
  const chat = useRoomChat(interview.id)
  const messages = chat.data ?? NO_MESSAGES
  const [panel, setPanel] = useState<Panel>(null)

  const onEnded = useCallback(
    (by: string) => {
      finish({ kind: 'ended', by: by === join.name ? '' : by })
    },
    [finish, join.name],
  )
  useRoomEnded(onEnded)
  // Everyone sees that the call is recorded (and is told when that changes), from the room's metadata.
  const recording = useRoomRecording(join.name)

  // Tiles: every camera (a placeholder when off) and every screen share, as components-react's VideoConference.
  // The others' tiles come with the join response (SignalConnected), before the room is connected, so that their
  // <video> is there when their track arrives (earlyVideo.ts).
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { updateOnlyOn: [RoomEvent.ActiveSpeakersChanged, RoomEvent.SignalConnected], onlySubscribed: false },
  )
  const [stage, dispatch] = useReducer(stageReducer, initialStage)
  const shares: ShareInfo[] = tracks.flatMap((track) =>
    track.source === Track.Source.ScreenShare && track.publication
      ? [{ sid: track.publication.trackSid, identity: track.participant.identity, local: track.participant.isLocal }]
      : [],
  )
  // A new screen share takes the stage: the reducer compares with the shares it saw last (no effect needed).
  if (shares.map((share) => share.sid).join() !== stage.shares.join()) dispatch({ type: 'shares', shares })

  // Unread: messages from others that arrived while the chat was closed.
  const [seen, setSeen] = useState(0)
  if (panel === 'chat' && seen !== messages.length) setSeen(messages.length)
  const unread = panel === 'chat' ? 0 : messages.slice(seen).filter((message) => message.userId !== join.identity).length


  const reconnecting = connection === ConnectionState.Reconnecting || connection === ConnectionState.SignalReconnecting
  const setPin = useCallback((key: { identity: string; source: string } | null) => {
    dispatch({ type: 'pin', key })
  }, [])
  const closePanel = useCallback(() => {
    setPanel(null)
  }, [])
  const stageControls = useMemo(() => ({ pin: stage.pin, setPin }), [stage.pin, setPin])
  // "Connecting…" covers the stage until the room is connected, or until the other person's picture shows: it can
  // play before livekit-client calls the room connected (earlyVideo.ts), and then the call is up for the person.
  const pictureShown = useSyncExternalStore(early.subscribe, early.shown)
  const connecting = connection === ConnectionState.Connecting && !pictureShown
  const stageTracks = useMemo(
    () => ({ tracks, layout: stage.layout, pin: stage.pin, connecting }),
    [tracks, stage.layout, stage.pin, connecting],
  )

  return (
    <ReactionsContext.Provider value={floats}>
      <StageContext.Provider value={stageControls}>
        <StageTracksContext.Provider value={stageTracks}>
        <div
          className="flex min-h-0 flex-1 flex-col bg-subtle"
          data-testid="room"
          data-layout={stage.layout}
          data-connection={connection}
          data-role={join.role}
          data-screen-share={shares.length > 0}
        >
          <CallHeader
            title={interview.title}
            recording={recording !== null}
            layout={stage.layout}
            onLayout={(layout) => {
              dispatch({ type: 'layout', layout })
            }}
          />
          {reconnecting ? (
            <div
              role="status"
              data-testid="reconnecting-banner"
              className="flex items-center justify-center gap-2 border-b border-amber-600/30 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-400/10 dark:text-amber-200"
            >
              <LoaderCircleIcon className="size-4 animate-spin" aria-hidden="true" />
              Reconnecting… Your connection dropped; the call comes back on its own.
            </div>
          ) : null}
          <div className="relative flex min-h-0 flex-1">
            <main className="relative flex min-w-0 flex-1">
              <CallWorkspace
                interview={interview}
                me={me}
                callSlot={CALL_STAGE}
              />
            </main>
            <ChatPanel
              interviewId={interview.id}
              myId={join.identity}
              messages={messages}
              loading={chat.isPending}
              open={panel === 'chat'}
              onClose={closePanel}
            />
            <PeoplePanel
              interviewId={interview.id}
              participants={participants}
              moderator={moderator}
              open={panel === 'people'}
              onClose={closePanel}
            />
          </div>
          <ControlBar
            interviewId={interview.id}
            moderator={moderator}
            recording={recording !== null}
            panel={panel}
            onPanel={setPanel}
            unread={unread}
            peopleCount={participants.length}
            onReact={react}
            onLeave={onLeave}
            onEnded={() => {
              finish({ kind: 'ended', by: '' })
            }}
          />
        </div>
        <RoomAudioRenderer />
        <StartAudio />
        <ReactionAnnouncer />
        {exit ? <ExitNotice exit={exit} pending={exitPending} interviewId={interview.id} onRejoin={onRejoin} /> : null}
        </StageTracksContext.Provider>
      </StageContext.Provider>
    </ReactionsContext.Provider>
  )
}

/** What the stage shows, from CallSession: the stage reads it here so the workspace around it need not render again. */
const StageTracksContext = createContext<{ tracks: TrackReferenceOrPlaceholder[]; layout: Layout; pin: TileKey | null; connecting: boolean }>({
  tracks: [],
  layout: 'grid',
  pin: null,
  connecting: false,
})

/**
 * The call's tiles in the workspace's call slot, and "Connecting…" over them until the room is connected or a remote
 * picture shows (hidden by CSS in the very frame that picture is marked in, earlyVideo.ts).
 */
function CallStage() {
  const { tracks, layout, pin, connecting } = useContext(StageTracksContext)
  return (
    <div className="group/stage relative min-w-0 flex-1" role="region" aria-label="Participants">
      <Stage tracks={tracks} layout={layout} pin={pin} />
      {connecting ? (
        <div
          className="absolute inset-0 flex items-center justify-center gap-2 bg-subtle/80 text-sm group-has-[video[data-picture]]/stage:hidden"
          role="status"
          data-testid="room-connecting"
        >
          <LoaderCircleIcon className="size-4 animate-spin" aria-hidden="true" />
          Connecting to the call…
        </div>
      ) : null}
    </div>
  )
}

/**
 * One element for the page's life: the (memoized) workspace gets the same `callSlot` on every render of the call, so
 * the call's frequent updates while joining (connection state, participants, tracks) render the stage, not the
 * editor, problem and notes around it.
 */
const CALL_STAGE = <CallStage />

/** Screen readers hear the latest reaction ("Grace Hopper: Celebrate"); the floats themselves are decoration. */
function ReactionAnnouncer() {
  const floats = useContext(ReactionsContext)
  const participants = useParticipants()
  const latest = floats.at(-1)
  const who = latest ? participants.find((p) => p.identity === latest.identity) : undefined
  return (
    <div className="sr-only" aria-live="polite" data-testid="reaction-announcer">
      {latest ? `${who ? participantName(who) : 'Someone'}: ${latest.reaction.label}` : ''}
    </div>
  )
}

/** When the browser blocks sound until a click (autoplay rules), one button to allow it. */
function StartAudio() {
  const { mergedProps, canPlayAudio } = useStartAudio({ props: {} })
  if (canPlayAudio) return null
  return (
    <div className="fixed inset-x-0 bottom-24 z-30 flex justify-center">
      <Button onClick={mergedProps.onClick} data-testid="start-audio" className="shadow-lg">
        <Volume2Icon />
        Allow sound
      </Button>
    </div>
  )
}

/**
 * The workspace beside the call, held (no documents, no Monaco) until the call shows and its first remote picture
 * plays (useEditorDue). Memoized like the workspace, so the call's updates do not render it again.
 */
const CallWorkspace = memo(function CallWorkspace(props: Omit<WorkspaceProps, 'hold'>) {
  const shown = useContext(CallShownContext)
  const due = useEditorDue(shown)
  return <Workspace {...props} hold={!due} />
})

/** How long the editor waits for the first picture of the other person before it loads anyway. */
const EDITOR_AFTER_MS = 1_500

/**
 * Whether the workspace may load the documents and Monaco: once the first remote video shows its first frame (or
 * nobody else publishes video once connected, or after EDITOR_AFTER_MS). Joining shows the other person first; the code
 * follows a moment later instead of slowing that first picture down (issue 10's join latency).
 */
function useEditorDue(shown: boolean): boolean {
  const room = useContext(RoomContext)
  const [due, setDue] = useState(false)
  useEffect(() => {
    if (!room || due || !shown) return
    return whenFirstPicture(
      room,
      () => {
        setDue(true)
      },
      EDITOR_AFTER_MS,
    )
  }, [room, due, shown])
  return due
}
