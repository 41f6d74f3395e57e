import { z } from 'zod'

import { listOf } from '@/lib/schema'

/** What the replay reads of GET /api/collab/docs/{docId}/history: which user made each actor's changes. */
export const historyAuthorsSchema = z.object({
  /** actor (hex) → user id; "" for the server's own changes. Absent for changes older than the record. */
  authors: z
    .record(z.string(), z.string())
    .nullish()
    .catch(null)
    .transform((authors) => authors ?? {}),
})
export type HistoryAuthors = z.infer<typeof historyAuthorsSchema>['authors']

const silenceSchema = z.object({ start: z.number(), end: z.number() })

const recordedReactionSchema = z.object({
  /** RFC 3339 (rooms.RecordedReaction); a number is read as seconds from the recording's start. */
  at: z.union([z.string(), z.number()]),
  userId: z.string().catch(''),
  name: z.string().catch(''),
  reaction: z.string().catch(''),
})

/** One recording as GET /api/interviews/{id}/recordings lists it (only what the replay uses). */
export const recordingSchema = z.object({
  id: z.string(),
  state: z.string().catch(''),
  startedAt: z.string(),
  endedAt: z
    .string()
    .nullish()
    .transform((at) => at || null),
  durationSeconds: z.number().catch(0),
  /** Set once the recording is ready to play. */
  mediaUrl: z
    .string()
    .nullish()
    .transform((url) => url || null),
  /** Silent audio, seconds from `startedAt`. */
  silences: listOf(silenceSchema).catch([]),
  reactions: listOf(recordedReactionSchema).catch([]),
})
export type Recording = z.infer<typeof recordingSchema>

export const recordingsSchema = z.object({ recordings: listOf(recordingSchema) })
