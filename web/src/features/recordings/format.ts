import type { BadgeVariant } from '@/components/ui/badge'

import type { Recording, RecordingState, RoomRecording } from './schema'

/** "0:07", "12:34", "1:02:03": minutes and seconds, with hours only when there are some. */
export function formatClock(totalSeconds: number): string {
  const seconds = Number.isFinite(totalSeconds) ? Math.max(0, Math.floor(totalSeconds)) : 0
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${ss}` : `${String(m)}:${ss}`
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/** "812 B", "4.2 KB", "37 MB", "1.25 GB" (powers of 1024; three significant digits at most). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${String(Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0)))} B`
  let value = bytes
  let unit = 0
  value /= 1024
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  // Drop trailing zeros: "2 MB", not "2.00 MB".
  return `${String(Number(value.toFixed(digits)))} ${UNITS[unit]}`
}

/** How long the recording is: while it runs, counted from its start (the server's figure lags between updates). */
export function recordingSeconds(recording: Recording, now: Date): number {
  if (recording.state !== 'recording') return recording.durationSeconds
  const started = Date.parse(recording.startedAt)
  if (Number.isNaN(started)) return recording.durationSeconds
  return Math.max(recording.durationSeconds, (now.getTime() - started) / 1000)
}

export const stateVariants: Record<RecordingState, BadgeVariant> = {
  recording: 'destructive',
  interrupted: 'warning',
  composing: 'secondary',
  ready: 'success',
  failed: 'destructive',
}

/** The state badge's text: "Recording", "Composing 42%", … */
export function stateLabel(recording: Pick<Recording, 'state' | 'progress'>): string {
  switch (recording.state) {
    case 'recording':
      return 'Recording'
    case 'interrupted':
      return 'Interrupted'
    case 'composing':
      return `Composing ${String(Math.round(recording.progress * 100))}%`
    case 'ready':
      return 'Ready'
    case 'failed':
      return 'Failed'
  }
}

/**
 * A failed composing attempt is retried (the state stays composing or interrupted, with the attempt's error) until
 * the server gives up, and only then is the state `failed`.
 */
export function willRetry(recording: Pick<Recording, 'state' | 'error'>): boolean {
  return recording.error !== '' && (recording.state === 'composing' || recording.state === 'interrupted')
}

/** The file to play: a ready recording's media URL, else null (the interview page's player and the replay's). */
export function playableUrl(recording: Pick<Recording, 'state' | 'mediaUrl'>): string | null {
  return recording.state === 'ready' ? recording.mediaUrl : null
}

/** The replay page (features/replay); it works without a recording too: the code's history alone. */
export function replayPath(interviewId: string): string {
  return `/interviews/${encodeURIComponent(interviewId)}/replay`
}

/** The link that downloads the file instead of playing it. */
export function downloadUrl(mediaUrl: string): string {
  return `${mediaUrl}${mediaUrl.includes('?') ? '&' : '?'}download=1`
}

export interface RecordingNotice {
  kind: 'started' | 'stopped' | 'ongoing'
  title: string
}

/**
 * What to tell the people in the call when the room's recording changes from `previous` to `next` (both read
 * from the room's metadata). `previous` is undefined until the first look after connecting: a call already being
 * recorded then says so, rather than that someone just started it. `myName` turns our own name into "You".
 */
export function recordingNotice(
  previous: RoomRecording | null | undefined,
  next: RoomRecording | null,
  myName: string,
): RecordingNotice | null {
  if (previous === undefined) return next ? { kind: 'ongoing', title: 'This call is being recorded' } : null
  if (next && (!previous || previous.id !== next.id)) {
    const by = next.by && next.by === myName ? 'You' : next.by
    return { kind: 'started', title: by ? `${by} started recording` : 'Recording started' }
  }
  if (previous && !next) return { kind: 'stopped', title: 'Recording stopped' }
  return null
}
