import { z } from 'zod'

import { listOf } from '@/lib/schema'

/** The caller's part in the call, as `POST /api/interviews/{id}/join` and the token's metadata name it. */
export const CALL_ROLES = ['owner', 'interviewer', 'candidate', 'admin'] as const
export const callRoleSchema = z.enum(CALL_ROLES)
export type CallRole = z.infer<typeof callRoleSchema>

/** Owners and admins end the call, mute and remove people; the server checks the same rule. */
export function canModerate(role: CallRole): boolean {
  return role === 'owner' || role === 'admin'
}

export const callRoleLabels: Record<CallRole, string> = {
  owner: 'Host',
  interviewer: 'Interviewer',
  candidate: 'Candidate',
  admin: 'Admin',
}

/** `POST /api/interviews/{id}/join` → where and how to connect to LiveKit. */
export const joinSchema = z.object({
  url: z.string(),
  token: z.string(),
  identity: z.string(),
  name: z.string(),
  role: callRoleSchema,
})
export type JoinDetails = z.infer<typeof joinSchema>

/** One chat message: the POST's answer, an item of the GET, and the data message on topic "chat" are all this. */
export const chatMessageSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string().catch(''),
  text: z.string(),
  sentAt: z.string(),
})
export type ChatMessage = z.infer<typeof chatMessageSchema>

export const chatListSchema = z.object({ messages: listOf(chatMessageSchema) })

export const attendanceEntrySchema = z.object({
  userId: z.string(),
  name: z.string().catch(''),
  role: z.string().catch(''),
  joinedAt: z.string(),
  leftAt: z
    .string()
    .nullish()
    .transform((at) => at || null),
})
export type AttendanceEntry = z.infer<typeof attendanceEntrySchema>

export const attendanceSchema = z.object({ attendance: listOf(attendanceEntrySchema) })

/** The reliable data message on topic "room-ended" the server sends before it deletes the room. */
export const roomEndedSchema = z.object({ by: z.string().catch('') })

/** A participant's LiveKit metadata (set by the server in the token). */
export const participantMetadataSchema = z.object({ role: callRoleSchema })

/** Topics of the room's data messages. */
export const TOPICS = {
  chat: 'chat',
  reaction: 'reaction',
  roomEnded: 'room-ended',
} as const

/** The participant attribute a raised hand sets (`{"hand": "up"}`); any other value is a lowered hand. */
export const HAND_ATTRIBUTE = 'hand'
export const HAND_UP = 'up'

/** Reads a data message's payload as JSON checked by `schema`, or null. */
export function decodeJson<T>(payload: Uint8Array, schema: z.ZodType<T>): T | null {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(payload))
  } catch {
    return null
  }
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : null
}

export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value))
}

/** The role in a participant's metadata JSON, or null when it has none we know. */
export function roleFromMetadata(metadata: string | undefined): CallRole | null {
  if (!metadata) return null
  return decodeJson(new TextEncoder().encode(metadata), participantMetadataSchema)?.role ?? null
}
