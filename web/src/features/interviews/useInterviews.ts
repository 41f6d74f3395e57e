import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'

import { api } from '@/lib/api'

import { interviewKeys, type InterviewFilters } from './keys'
import {
  dashboardSchema,
  interviewSchema,
  interviewsPageSchema,
  type Interview,
  type InterviewInput,
  type Outcome,
} from './schema'

const MIN_REFRESH_MS = 1_000
const MAX_REFRESH_MS = 5 * 60_000

/**
 * Status is a function of time (upcoming → live → completed), computed by the server. Refetch just after the next
 * start or end among `interviews`, so a card moves to "Live now" without a reload even if nothing else changed.
 */
export function msUntilNextBoundary(interviews: readonly Interview[], now: number = Date.now()): number | false {
  let next = Infinity
  for (const interview of interviews) {
    if (interview.status === 'cancelled' || interview.status === 'completed') continue
    for (const iso of [interview.startsAt, interview.endsAt]) {
      const at = new Date(iso).getTime()
      if (at > now && at < next) next = at
    }
  }
  if (next === Infinity) return false
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, next - now + MIN_REFRESH_MS))
}

/** GET /api/dashboard: the signed-in user's live, upcoming and past interviews (admins: everyone's). */
export function useDashboard() {
  return useQuery({
    queryKey: interviewKeys.dashboard,
    queryFn: ({ signal }) => api.get('/api/dashboard', dashboardSchema, { signal }),
    refetchInterval: (query) => {
      const data = query.state.data
      return data ? msUntilNextBoundary([...data.live, ...data.upcoming]) : false
    },
  })
}

export function interviewsUrl(filters: InterviewFilters): string {
  const params = new URLSearchParams()
  if (filters.status) params.set('status', filters.status)
  if (filters.outcome) params.set('outcome', filters.outcome)
  if (filters.person) params.set('person', filters.person)
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  params.set('page', String(filters.page))
  params.set('pageSize', String(filters.pageSize))
  return `/api/interviews?${params.toString()}`
}

/** GET /api/interviews: one filtered page (the admin "All interviews" view). */
export function useInterviewList(filters: InterviewFilters) {
  return useQuery({
    queryKey: interviewKeys.list(filters),
    queryFn: ({ signal }) => api.get(interviewsUrl(filters), interviewsPageSchema, { signal }),
    placeholderData: keepPreviousData,
  })
}

function interviewUrl(id: string): string {
  return `/api/interviews/${encodeURIComponent(id)}`
}

/** GET /api/interviews/{id}, for `useQuery` and `queryClient.fetchQuery`. */
export function fetchInterview(id: string, signal?: AbortSignal): Promise<Interview> {
  return api.get(interviewUrl(id), interviewSchema, { signal })
}

/** GET /api/interviews/{id}. */
export function useInterview(id: string) {
  return useQuery({
    queryKey: interviewKeys.detail(id),
    queryFn: ({ signal }) => fetchInterview(id, signal),
    refetchInterval: (query) => (query.state.data ? msUntilNextBoundary([query.state.data]) : false),
  })
}

/** After a write: put the answer in the cache and refetch what lists it. */
function storeInterview(queryClient: QueryClient, interview: Interview): Promise<unknown> {
  queryClient.setQueryData(interviewKeys.detail(interview.id), interview)
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: interviewKeys.dashboard }),
    queryClient.invalidateQueries({ queryKey: interviewKeys.lists }),
  ])
}

/** POST /api/interviews. Errors (with `fields`) are left to the form. */
export function useCreateInterview() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: InterviewInput) => api.post('/api/interviews', interviewSchema, input),
    onSuccess: (interview) => storeInterview(queryClient, interview),
  })
}

/** PATCH /api/interviews/{id} with the changed fields only. */
export function useUpdateInterview(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (changes: Partial<InterviewInput>) =>
      api.patch(interviewUrl(id), interviewSchema, changes),
    onSuccess: (interview) => storeInterview(queryClient, interview),
  })
}

/** DELETE /api/interviews/{id}: cancels the interview (it stays, with status "cancelled"). */
export function useCancelInterview(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.delete(interviewUrl(id), interviewSchema),
    onSuccess: (interview) => {
      toast.success('Interview cancelled', { description: 'Everyone on it is notified.' })
      return storeInterview(queryClient, interview)
    },
    onError: (err) => {
      toast.error('Could not cancel the interview', { description: err.message })
    },
  })
}

/** PUT /api/interviews/{id}/outcome (409 before the interview has started). */
export function useSetOutcome(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (outcome: Outcome) => api.put(`${interviewUrl(id)}/outcome`, interviewSchema, { outcome }),
    onSuccess: (interview) => storeInterview(queryClient, interview),
    onError: (err) => {
      toast.error('Could not set the outcome', { description: err.message })
    },
  })
}

export type UseDashboardResult = ReturnType<typeof useDashboard>
export type UseInterviewListResult = ReturnType<typeof useInterviewList>
export type UseInterviewResult = ReturnType<typeof useInterview>
export type UseCreateInterviewResult = ReturnType<typeof useCreateInterview>
export type UseUpdateInterviewResult = ReturnType<typeof useUpdateInterview>
