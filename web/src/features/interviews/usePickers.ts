import { keepPreviousData, useQuery } from '@tanstack/react-query'

import { api } from '@/lib/api'

import { interviewKeys } from './keys'
import { pickerUsersSchema, problemOptionSchema, problemOptionsSchema } from './schema'

export const PICKER_PAGE_SIZE = 20

export function pickerUsersUrl(role: string, q: string): string {
  const params = new URLSearchParams()
  if (role) params.set('role', role)
  if (q) params.set('q', q)
  params.set('pageSize', String(PICKER_PAGE_SIZE))
  return `/api/users?${params.toString()}`
}

/** GET /api/users?role=&q=: people offered by a picker. `role` '' searches everyone (admins only). */
export function usePeopleSearch(role: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: interviewKeys.people(role, q),
    queryFn: ({ signal }) => api.get(pickerUsersUrl(role, q), pickerUsersSchema, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  })
}

/** GET /api/problems?q=: problems offered by the problem picker. */
export function useProblemSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: interviewKeys.problems(q),
    queryFn: ({ signal }) =>
      api.get(`/api/problems${q ? `?q=${encodeURIComponent(q)}` : ''}`, problemOptionsSchema, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  })
}

/** GET /api/problems/{id}: the title of an already chosen problem. */
export function useProblemOption(id: string | null) {
  return useQuery({
    queryKey: interviewKeys.problem(id ?? ''),
    queryFn: ({ signal }) => api.get(`/api/problems/${encodeURIComponent(id ?? '')}`, problemOptionSchema, { signal }),
    enabled: id !== null && id !== '',
    staleTime: 60_000,
  })
}

export type UsePeopleSearchResult = ReturnType<typeof usePeopleSearch>
export type UseProblemSearchResult = ReturnType<typeof useProblemSearch>
