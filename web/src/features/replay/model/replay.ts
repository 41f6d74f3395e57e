import { playableUrl } from '@/features/recordings/format'
import type { Recording } from '@/features/recordings/schema'
import { reactionByName } from '@/features/room/reactions'

import type { ReplayChange } from './changes'
import { buildMarks, density, epochSeconds, idleStretches, timelineSpan, type Interval, type Mark, type MarkSources } from './timeline'

/** The recording played, placed on the timeline. */
export interface PlacedRecording {
  id: string
  url: string | null
  /** Where the recording starts, seconds from the timeline's start (video time 0). */
  offset: number
  length: number
  silences: Interval[]
}

export interface ReplayTimeline {
  /** The timeline's start, seconds since the epoch. */
  start: number
  duration: number
  marks: Mark[]
  idle: Interval[]
  /** Document changes per slice of the timeline (for the strip under the slider). */
  density: number[]
  recording: PlacedRecording | null
}

export interface TimelineInput {
  callStartedAt: string | null
  callEndedAt: string | null
  /** Every document's changes. */
  changes: readonly (readonly ReplayChange[])[]
  /** The recordings that count for the span and the reactions. */
  recordings: readonly Recording[]
  /** The one played, if any. */
  recording: Recording | null
  runs: MarkSources['runs']
  signals: MarkSources['signals']
  chat: MarkSources['chat']
  nameOf: MarkSources['nameOf']
  /** Slices of the density strip. */
  buckets?: number
}

export function recordingSpan(recording: Recording): Interval {
  const start = epochSeconds(recording.startedAt)
  const ended = epochSeconds(recording.endedAt)
  const end = Number.isFinite(ended) ? ended : start + recording.durationSeconds
  return { start, end }
}

/** Everything the replay's clock needs, from the interview's data; null when there is nothing to replay. */
export function buildTimeline(input: TimelineInput): ReplayTimeline | null {
  const changeTimes = input.changes.flatMap((changes) => changes.filter((c) => c.message !== 'create').map((c) => c.at))
  const span = timelineSpan({
    changes: changeTimes,
    call: { start: epochSeconds(input.callStartedAt), end: epochSeconds(input.callEndedAt) },
    recordings: input.recordings.map(recordingSpan),
  })
  if (!span) return null
  const duration = span.end - span.start
  const rel = (epoch: number) => epoch - span.start

  const reactions = input.recordings.flatMap((recording) =>
    recording.reactions.map((reaction) => {
      const known = reactionByName(reaction.reaction)
      return { ...reaction, at: epochSeconds(reaction.at), label: known ? `${known.emoji} ${known.label}` : reaction.reaction }
    }),
  )
  const marks = buildMarks(span, { runs: input.runs, signals: input.signals, chat: input.chat, reactions, nameOf: input.nameOf })

  let recording: PlacedRecording | null = null
  if (input.recording) {
    const placed = recordingSpan(input.recording)
    const offset = rel(placed.start)
    const length = input.recording.durationSeconds > 0 ? input.recording.durationSeconds : placed.end - placed.start
    recording = {
      id: input.recording.id,
      url: input.recording.mediaUrl,
      offset,
      length,
      silences: input.recording.silences.map((s) => ({ start: offset + s.start, end: offset + s.end })),
    }
  }

  const edits = changeTimes.map(rel)
  const activity = [
    ...edits,
    ...input.runs.map((run) => rel(epochSeconds(run.createdAt))),
    ...input.chat.map((message) => rel(epochSeconds(message.sentAt))),
  ].filter(Number.isFinite)
  const idle = idleStretches({
    duration,
    activity,
    recording: recording ? { span: { start: recording.offset, end: recording.offset + recording.length }, silences: recording.silences } : null,
  })
  return { start: span.start, duration, marks, idle, density: density(edits, duration, input.buckets ?? 120), recording }
}

/** The recordings that play (ready, with a file), newest first. */
export function playable(recordings: readonly Recording[]): Recording[] {
  return recordings.filter((recording) => playableUrl(recording) !== null).sort((a, b) => epochSeconds(b.startedAt) - epochSeconds(a.startedAt))
}
