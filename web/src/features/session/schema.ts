import { z } from 'zod'

export const ROLES = ['candidate', 'interviewer', 'admin'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export function isRole(value: unknown): value is Role {
  return roleSchema.safeParse(value).success
}

/** A person as interviews embed them (no role). */
export const personSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().catch(''),
  avatarUrl: z
    .string()
    .nullish()
    .transform((url) => url ?? ''),
})
export type Person = z.infer<typeof personSchema>

/** A user as `/api/me` and `/api/users` return it. */
export const userSchema = personSchema.extend({ role: roleSchema })

export type User = z.infer<typeof userSchema>
