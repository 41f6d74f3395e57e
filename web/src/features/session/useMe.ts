import { useQuery } from '@tanstack/react-query'

import { ApiError, api } from '@/lib/api'

import { userSchema, type User } from './schema'

export const ME_QUERY_KEY = ['me'] as const

/** GET /api/me → the signed-in user, or null when signed out (401 is an answer here, not an error). */
export async function fetchMe(signal?: AbortSignal): Promise<User | null> {
  try {
    return await api.get('/api/me', userSchema, { signal })
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null
    throw err
  }
}

export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    // A role an admin changes shows up within this window, or at once on window focus.
    staleTime: 30_000,
  })
}

export type UseMeResult = ReturnType<typeof useMe>
