import { z } from 'zod'

import { userSchema } from '@/features/session/schema'

export const usersPageSchema = z.object({
  users: z
    .array(userSchema)
    .nullish()
    .transform((users) => users ?? []),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
})

export type UsersPage = z.infer<typeof usersPageSchema>
