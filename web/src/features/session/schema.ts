import { z } from 'zod'

export const ROLES = ['candidate', 'interviewer', 'admin'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export function isRole(value: unknown): value is Role {
  return roleSchema.safeParse(value).success
}

/** A user as `/api/me` and `/api/users` return it. */
export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().catch(''),
  avatarUrl: z
    .string()
    .nullish()
    .transform((url) => url ?? ''),
  role: roleSchema,
})

export type User = z.infer<typeof userSchema>
