import { z } from 'zod'

import { listOf } from '@/lib/schema'

import { recordingStateSchema } from '@/features/recordings/schema'
import { personSchema, roleSchema } from '@/features/session/schema'

export const INTERVIEW_STATUSES = ['upcoming', 'live', 'completed', 'cancelled'] as const
export const interviewStatusSchema = z.enum(INTERVIEW_STATUSES)
export type InterviewStatus = z.infer<typeof interviewStatusSchema>

export const OUTCOMES = ['failed', 'succeeded'] as const
export const outcomeSchema = z.enum(OUTCOMES)
export type Outcome = z.infer<typeof outcomeSchema>

export { personSchema, type Person } from '@/features/session/schema'

const recordingSummarySchema = z.object({
  count: z.number(),
  state: recordingStateSchema,
  durationSeconds: z.number(),
  sizeBytes: z.number(),
})
export type RecordingSummary = z.infer<typeof recordingSummarySchema>

const docsSchema = z.object({
  code: z.string(),
  problem: z.string(),
  notes: z.string().optional(),
})

export const interviewSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().catch(''),
  candidate: personSchema,
  interviewers: listOf(personSchema),
  owner: personSchema.nullish().transform((owner) => owner ?? null),
  startsAt: z.string(),
  durationMinutes: z.number(),
  endsAt: z.string(),
  status: interviewStatusSchema,
  outcome: outcomeSchema.nullish().transform((outcome) => outcome ?? null),
  problemId: z
    .string()
    .nullish()
    .transform((id) => id || null),
  joinUrl: z.string(),
  docs: docsSchema.nullish().transform((docs) => docs ?? null),
  /** When the video call started and ended (LiveKit's webhooks), if it has. */
  callStartedAt: z
    .string()
    .nullish()
    .transform((at) => at || null),
  callEndedAt: z
    .string()
    .nullish()
    .transform((at) => at || null),
  /** Who ended the call for everyone, while it is ended (the room's "room-ended" message can lose its race). */
  callEndedBy: personSchema.nullish().transform((person) => person ?? null),
  /** Interviewers and admins only: how many recordings, and the newest one's state, length and size. */
  recording: recordingSummarySchema.nullish().catch(null).transform((summary) => summary ?? null),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
})
export type Interview = z.infer<typeof interviewSchema>

const interviewList = listOf(interviewSchema)

export const dashboardSchema = z.object({
  live: interviewList,
  upcoming: interviewList,
  past: interviewList,
})
export type Dashboard = z.infer<typeof dashboardSchema>

export const interviewsPageSchema = z.object({
  interviews: interviewList,
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})
export type InterviewsPage = z.infer<typeof interviewsPageSchema>

export const commentSchema = z.object({
  id: z.string(),
  author: personSchema,
  content: z.string(),
  rating: z.number(),
  createdAt: z.string(),
})
export type Comment = z.infer<typeof commentSchema>

export const commentsSchema = z.object({
  comments: listOf(commentSchema),
})

/** A user offered by the people pickers (`GET /api/users?role=…`). */
export const pickerUserSchema = personSchema.extend({ role: roleSchema.optional() })
export type PickerUser = z.infer<typeof pickerUserSchema>

export const pickerUsersSchema = z.object({
  users: listOf(pickerUserSchema),
})

export const problemOptionSchema = z.object({
  id: z.string(),
  slug: z.string().optional(),
  title: z.string(),
  difficulty: z.string().optional(),
})
export type ProblemOption = z.infer<typeof problemOptionSchema>

export const problemOptionsSchema = z.object({
  problems: listOf(problemOptionSchema),
})

/** The body of POST /api/interviews (PATCH takes any subset of it). */
export interface InterviewInput {
  title: string
  description: string
  candidateId: string
  interviewerIds: string[]
  startsAt: string
  durationMinutes: number
  problemId?: string | null
  instant?: boolean
}

export type InterviewField =
  | 'title'
  | 'description'
  | 'candidateId'
  | 'interviewerIds'
  | 'startsAt'
  | 'durationMinutes'
  | 'problemId'

export const INTERVIEW_FIELDS: readonly InterviewField[] = [
  'title',
  'description',
  'candidateId',
  'interviewerIds',
  'startsAt',
  'durationMinutes',
  'problemId',
]
