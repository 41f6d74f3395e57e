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
