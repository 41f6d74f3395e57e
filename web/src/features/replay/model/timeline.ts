import { formatClock } from '@/features/recordings/format'

/**
 * The replay's clock: its span, what happened when (marks), and the idle stretches "Skip idle" jumps over. Pure:
 * every time here is a number of seconds, since the epoch for inputs and since the timeline's start for outputs.
 */

export interface Interval {
  start: number
  end: number
}

export type MarkKind = 'run' | 'paste' | 'away' | 'chat' | 'reaction'

export interface Mark {
  id: string
  kind: MarkKind
  /** Seconds from the timeline's start. */
  at: number
  label: string
}

/**
 * Changes further than this before the call (or recording) started, or after it ended, are preparation or
 * follow-up (the server's documents are created when the interview is scheduled; a problem may be edited days
 * ahead): they are in the state at the start (or end), but do not stretch the timeline over days.
 */
export const PREP_MARGIN = 15 * 60

/** Seconds since the epoch of an RFC 3339 time, NaN when it is not one. */
export function epochSeconds(iso: string | null | undefined): number {
  if (!iso) return Number.NaN
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? Number.NaN : ms / 1000
}

export interface SpanInput {
  /** Times of the documents' changes (seconds since the epoch); the server's "create" changes left out. */
  changes: readonly number[]
  call: { start: number; end: number }
  recordings: readonly Interval[]
}

/**
 * From the earliest of (first change, recording start, call start) to the latest of (last change, recording end,
 * call end), NaN and infinite values ignored, and changes beyond `PREP_MARGIN` of the call and recordings left out
 * when there is a call or a recording. At least one second long; null when there is nothing at all.
 */
export function timelineSpan(input: SpanInput): Interval | null {
  const anchors = [input.call.start, input.call.end, ...input.recordings.flatMap((r) => [r.start, r.end])].filter(Number.isFinite)
  const changes = input.changes.filter(Number.isFinite)
  let times: number[]
  if (anchors.length > 0) {
    const lo = Math.min(...anchors) - PREP_MARGIN
    const hi = Math.max(...anchors) + PREP_MARGIN
    times = [...anchors, ...changes.filter((t) => t >= lo && t <= hi)]
  } else {
    times = changes
  }
  if (times.length === 0) return null
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  for (const t of times) {
    start = Math.min(start, t)
    end = Math.max(end, t)
  }
  return { start, end: Math.max(end, start + 1) }
}

function clampInterval(interval: Interval, bounds: Interval): Interval | null {
  const start = Math.max(interval.start, bounds.start)
  const end = Math.min(interval.end, bounds.end)
  return end > start ? { start, end } : null
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start)
  const out: Interval[] = []
  for (const interval of sorted) {
    const last = out[out.length - 1]
    if (last && interval.start < last.end) last.end = Math.max(last.end, interval.end)
    else out.push({ ...interval })
  }
  return out
}

export interface IdleInput {
  /** The timeline's length in seconds. */
  duration: number
  /** When someone did something (seconds from the timeline's start): document changes, runs, chat messages. */
  activity: readonly number[]
  /** The recording played: its span and its silences, both in seconds from the timeline's start. */
  recording: { span: Interval; silences: readonly Interval[] } | null
}

/** Silent audio and no activity: at least this long is idle. */
export const SILENT_IDLE = 5
/** Without audio to listen to (no recording, or outside it), no activity for at least this long is idle. */
export const QUIET_IDLE = 10

/**
 * The stretches "Skip idle" jumps over: inside the recording, where its audio is silent and nobody did anything for
 * at least `SILENT_IDLE` seconds; outside it (or with no recording), no activity for at least `QUIET_IDLE` seconds.
 */
export function idleStretches(input: IdleInput): Interval[] {
  const bounds = { start: 0, end: input.duration }
  const points = input.activity.filter((t) => t >= 0 && t <= input.duration).sort((a, b) => a - b)
  const gaps: Interval[] = []
  let previous = 0
  for (const t of [...points, input.duration]) {
    if (t > previous) gaps.push({ start: previous, end: t })
    previous = Math.max(previous, t)
  }
  const idle: Interval[] = []
  const recording = input.recording ? clampInterval(input.recording.span, bounds) : null
  for (const gap of gaps) {
    if (!recording || !input.recording) {
      if (gap.end - gap.start >= QUIET_IDLE) idle.push(gap)
      continue
    }
    for (const outside of [
      { start: gap.start, end: Math.min(gap.end, recording.start) },
      { start: Math.max(gap.start, recording.end), end: gap.end },
    ]) {
      if (outside.end - outside.start >= QUIET_IDLE) idle.push(outside)
    }
    const inside = clampInterval(gap, recording)
    if (!inside) continue
    for (const silence of input.recording.silences) {
      const piece = clampInterval(silence, inside)
      if (piece && piece.end - piece.start >= SILENT_IDLE) idle.push(piece)
    }
  }
  return merge(idle)
}

/** Where playback at `t` goes with "Skip idle": the end of the idle stretch it is in (with a quarter second of it left), else t. */
export function skipIdle(t: number, idle: readonly Interval[]): number {
  for (const stretch of idle) {
    if (t >= stretch.start && t < stretch.end - 0.25) return stretch.end
    if (stretch.start > t) break
  }
  return t
}

/** How many of `times` (seconds from the start) fall into each of `buckets` equal slices of the timeline. */
export function density(times: readonly number[], duration: number, buckets: number): number[] {
  const counts = new Array<number>(buckets).fill(0)
  if (duration <= 0 || buckets <= 0) return counts
  for (const t of times) {
    if (t < 0 || t > duration) continue
    const b = Math.min(buckets - 1, Math.floor((t / duration) * buckets))
    counts[b] = (counts[b] ?? 0) + 1
  }
  return counts
}

export interface MarkSources {
  runs: readonly { id: string; userId: string; createdAt: string; withTests: boolean }[]
  signals: readonly { id: string; userId: string; name: string; kind: 'paste' | 'away'; chars?: number; awayMs?: number; at: string }[]
  chat: readonly { id: string; userId: string; name: string; text: string; sentAt: string }[]
  reactions: readonly { userId: string; name: string; reaction: string; at: number; label: string }[]
  /** A user's name (the interview's people; "Someone" when not on it). */
  nameOf: (userId: string, fallback?: string) => string
}

function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** The marks on the timeline, by time; those outside it are left out. `span` in seconds since the epoch. */
export function buildMarks(span: Interval, sources: MarkSources): Mark[] {
  const duration = span.end - span.start
  const marks: Mark[] = []
  const add = (id: string, kind: MarkKind, epoch: number, label: string) => {
    const at = epoch - span.start
    if (!Number.isFinite(at) || at < 0 || at > duration) return
    marks.push({ id, kind, at, label: `${label} at ${formatClock(at)}` })
  }
  for (const run of sources.runs) {
    add(`run-${run.id}`, 'run', epochSeconds(run.createdAt), `${sources.nameOf(run.userId)} ${run.withTests ? 'ran the tests' : 'ran the code'}`)
  }
  for (const signal of sources.signals) {
    const who = sources.nameOf(signal.userId, signal.name)
    if (signal.kind === 'paste') {
      add(`paste-${signal.id}`, 'paste', epochSeconds(signal.at), `${who} pasted ${signal.chars ?? 0} characters`)
    } else {
      const away = Math.round((signal.awayMs ?? 0) / 1000)
      add(`away-${signal.id}`, 'away', epochSeconds(signal.at), `${who} was away from the page for ${formatClock(away)}`)
    }
  }
  for (const message of sources.chat) {
    add(`chat-${message.id}`, 'chat', epochSeconds(message.sentAt), `${sources.nameOf(message.userId, message.name)}: ${short(message.text)}`)
  }
  sources.reactions.forEach((reaction, i) => {
    add(`reaction-${i}`, 'reaction', reaction.at, `${sources.nameOf(reaction.userId, reaction.name)} reacted: ${reaction.label}`)
  })
  return marks.sort((a, b) => a.at - b.at)
}
