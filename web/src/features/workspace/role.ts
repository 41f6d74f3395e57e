import { onPanel } from '@/features/interviews/present'
import type { Interview } from '@/features/interviews/schema'
import type { User } from '@/features/session/schema'

import type { WorkspaceRole } from './schema'

/** How `me` takes part in the interview's documents; null: not at all (e.g. an owner who is not an interviewer). */
export function workspaceRole(interview: Interview, me: Pick<User, 'id' | 'role'>): WorkspaceRole | null {
  if (interview.candidate.id === me.id) return 'candidate'
  if (onPanel(interview, me.id)) return 'interviewer'
  if (me.role === 'admin') return 'reviewer'
  return null
}

