import { z } from 'zod'

import { listOf } from '@/lib/schema'

import { userSchema } from '@/features/session/schema'

export const usersPageSchema = z.object({
  users: listOf(userSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

export type UsersPage = z.infer<typeof usersPageSchema>

/** The record DELETE /api/users/{id} answers with: who was erased (an opaque id), by whom, and what each domain erased. */
export const erasureSchema = z.object({
  userId: z.string(),
  role: z.string(),
  by: z.string(),
  state: z.string(),
  requestedAt: z.string(),
  completedAt: z.string().optional(),
  counts: z.record(z.string(), z.record(z.string(), z.number())),
})

export type Erasure = z.infer<typeof erasureSchema>
