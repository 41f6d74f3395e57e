import type { BadgeVariant } from '@/components/ui/badge'

import type { Role, User } from './schema'

export const roleLabels: Record<Role, string> = {
  candidate: 'Candidate',
  interviewer: 'Interviewer',
  admin: 'Admin',
}

export const roleBadgeVariants: Record<Role, BadgeVariant> = {
  candidate: 'secondary',
  interviewer: 'outline',
  admin: 'default',
}

/** The name to show: the user's name, or the part of the email before the @. */
export function displayName(user: Pick<User, 'name' | 'email'>): string {
  const name = user.name.trim()
  if (name) return name
  return user.email.split('@')[0] ?? user.email
}

/** "AL" for "Ada Lovelace", "A" for "ada@example.com". */
export function initials(user: Pick<User, 'name' | 'email'>): string {
  const words = displayName(user).split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1)
  return letters
    .map((word) => (word ? Array.from(word)[0] ?? '' : ''))
    .join('')
    .toUpperCase()
}
