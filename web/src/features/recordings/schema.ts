import { z } from 'zod'

import { listOf } from '@/lib/schema'

// Nothing here may import livekit-client or @livekit/*: the interview page uses this feature (see README.md).

export const RECORDING_STATES = ['recording', 'interrupted', 'composing', 'ready', 'failed'] as const
export const recordingStateSchema = z.enum(RECORDING_STATES)
export type RecordingState = z.infer<typeof recordingStateSchema>

/** A span of the recording (seconds from its start) where nobody spoke; the replay skips them. */
export const silenceSchema = z.object({ start: z.number(), end: z.number() })

/** A reaction sent during the recording; the replay shows them on its timeline. */
export const recordedReactionSchema = z.object({
  at: z.string(),
  userId: z.string().catch(''),
  name: z.string().catch(''),
  reaction: z.string(),
})

/** A number the server may leave out or send as null (Go's zero values), read as 0; never negative. */
const count = z
  .number()
  .nullish()
  .catch(0)
  .transform((n) => Math.max(0, n ?? 0))

/**
 * One recording of an interview's call. Its id, state and start are required; every other field falls back to
 * its empty value, so a field the server leaves out (or a future one it renames) never hides the recording.
 */
export const recordingSchema = z.object({
  id: z.string().min(1),
  interviewId: z.string().catch(''),
  state: recordingStateSchema,
  startedAt: z.string().min(1),
  endedAt: z.string().nullish().catch(null).transform((at) => at || null),
  /** So far, while recording. */
  durationSeconds: count,
  /** The composed file once ready, else the track files written so far. */
  sizeBytes: count,
  /** The app stopped while recording; what was written is kept and composed. Stays true once set. */
  interrupted: z.boolean().catch(false),
  /** 0..1 while composing. */
  progress: count.transform((n) => Math.min(1, n)),
  attempts: count,
  /** Why it failed, or why the last attempt failed while composing is retried. */
  error: z.string().nullish().catch('').transform((e) => e ?? ''),
  /** Null when it started automatically. */
  startedBy: z.object({ id: z.string(), name: z.string().catch('') }).nullish().catch(null).transform((by) => by ?? null),
  /** `/api/recordings/<id>/media` once ready (serves Range requests; `?download=1` for an attachment). */
  mediaUrl: z.string().nullish().catch(null).transform((url) => url || null),
  silences: listOf(silenceSchema).catch([]),
  reactions: listOf(recordedReactionSchema).catch([]),
})
export type Recording = z.infer<typeof recordingSchema>

/** A list whose unreadable items are left out instead of failing the whole answer. */
function readableListOf<T extends z.ZodType>(item: T) {
  return listOf(z.unknown()).transform((list): z.infer<T>[] =>
    list.flatMap((value) => {
      const parsed = item.safeParse(value)
      return parsed.success ? [parsed.data] : []
    }),
  )
}

/** GET /api/interviews/{id}/recordings (interviewers on it, its owner, admins; candidates get 403). */
export const recordingListSchema = z.object({
  /** Newest first. */
  recordings: readableListOf(recordingSchema),
  /** 0: kept until deleted. */
  retentionDays: count,
  autoRecord: z.boolean().catch(false),
  /** Owner or admin: may start and stop recording and change autoRecord. */
  canControl: z.boolean().catch(false),
  /** Admins. */
  canDelete: z.boolean().catch(false),
})
export type RecordingList = z.infer<typeof recordingListSchema>

/** PUT /api/interviews/{id}/recording-settings → the setting as stored. */
export const recordingSettingsSchema = z.object({ autoRecord: z.boolean() })

/** The `recording` of the LiveKit room's metadata JSON, set by the server while the call is recorded. */
export const roomRecordingSchema = z.object({
  id: z.string().min(1),
  startedAt: z.string().catch(''),
  /** Display name of who started it; "" when it started automatically. */
  by: z.string().nullish().catch('').transform((by) => by ?? ''),
})
export type RoomRecording = z.infer<typeof roomRecordingSchema>

const roomMetadataSchema = z.object({ recording: roomRecordingSchema.nullish() })

/**
 * The recording under way according to the room's metadata (`{"recording": {...} | null}`), or null. Metadata
 * may be empty, not JSON, or JSON about something else: all of these read as "not recording".
 */
export function recordingFromMetadata(metadata: string | null | undefined): RoomRecording | null {
  if (!metadata) return null
  let value: unknown
  try {
    value = JSON.parse(metadata)
  } catch {
    return null
  }
  const parsed = roomMetadataSchema.safeParse(value)
  return parsed.success ? (parsed.data.recording ?? null) : null
}
