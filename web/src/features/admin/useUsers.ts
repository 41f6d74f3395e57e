import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'

import { roleLabels } from '@/features/session/present'
import { displayName } from '@/features/session/present'
import { userSchema, type Role, type User } from '@/features/session/schema'
import { ME_QUERY_KEY } from '@/features/session/useMe'
import { api } from '@/lib/api'

import { erasureSchema, usersPageSchema } from './schema'

export const USERS_PAGE_SIZE = 20

export interface UsersQuery {
  q: string
  role: Role | ''
  page: number
}

export function usersUrl({ q, role, page }: UsersQuery): string {
  const params = new URLSearchParams()
  if (role) params.set('role', role)
  if (q) params.set('q', q)
  params.set('page', String(page))
  params.set('pageSize', String(USERS_PAGE_SIZE))
  return `/api/users?${params.toString()}`
}

/** GET /api/users: one page of users, filtered by role and a name/email search. */
export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: ['users', query],
    queryFn: ({ signal }) => api.get(usersUrl(query), usersPageSchema, { signal }),
    // Keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
  })
}

/** PUT /api/users/{id}/role. The server refuses to demote the last admin (409); its message is shown. */
export function useSetRole() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ user, role }: { user: User; role: Role }) =>
      api.put(`/api/users/${encodeURIComponent(user.id)}/role`, userSchema, { role }),
    onSuccess: (updated) => {
      toast.success(`${updated.name || updated.email} is now ${article(updated.role)} ${roleLabels[updated.role].toLowerCase()}`)
    },
    onError: (err, { user }) => {
      // The server's message says why (e.g. 409: the last admin cannot be demoted).
      toast.error(err.message, {
        description: `${user.name || user.email} is still ${article(user.role)} ${roleLabels[user.role].toLowerCase()}.`,
      })
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users'] }),
        // Changing your own role changes what you may see.
        queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
      ]),
  })
}

/**
 * DELETE /api/users/{id}: erases the user everywhere (their account, their interviews as a candidate, their name
 * wherever they wrote). Admins only, never themselves (409, the server's message is shown).
 */
export function useDeleteUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ user }: { user: User }) => api.delete(`/api/users/${encodeURIComponent(user.id)}`, erasureSchema),
    onSuccess: (_erasure, { user }) => {
      toast.success(`${displayName(user)} was deleted`, { description: 'Their personal data was erased.' })
    },
    onError: (err, { user }) => {
      toast.error(err.message, { description: `${displayName(user)} was not deleted.` })
    },
    // Interviews, dashboards and comments changed too: refetch everything on screen.
    onSettled: () => queryClient.invalidateQueries(),
  })
}

function article(role: Role): string {
  return role === 'admin' || role === 'interviewer' ? 'an' : 'a'
}

export type UseUsersResult = ReturnType<typeof useUsers>
export type UseSetRoleResult = ReturnType<typeof useSetRole>
export type UseDeleteUserResult = ReturnType<typeof useDeleteUser>
