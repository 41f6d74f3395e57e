import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'

import { interviewKeys } from '@/features/interviews/keys'
import { interviewSchema } from '@/features/interviews/schema'
import { api } from '@/lib/api'
import { listOf } from '@/lib/schema'

import { workspaceKeys } from './keys'

export const signalSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string().catch(''),
  kind: z.enum(['paste', 'away']),
  chars: z.number().optional(),
  awayMs: z.number().optional(),
  at: z.string(),
})
export type Signal = z.infer<typeof signalSchema>

const signalsSchema = z.object({ signals: listOf(signalSchema) })

/** The candidate's pastes and time away, live (the "signals:<id>" event refetches them). */
export function useSignals(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: workspaceKeys.signals(interviewId),
    queryFn: ({ signal }) => api.get(`/api/interviews/${interviewId}/signals`, signalsSchema, { signal }),
    select: (data) => data.signals,
    enabled,
  })
}

export type SignalReport = { kind: 'paste'; chars: number } | { kind: 'away'; awayMs: number }

/** Sends one of the candidate page's signals; a failure is not the candidate's problem, so it stays quiet. */
export function reportSignal(interviewId: string, report: SignalReport): Promise<unknown> {
  return api.post(`/api/interviews/${interviewId}/signals`, signalSchema, report).catch(() => undefined)
}

/** Interviewers pick another problem: the server resets the problem and the starter code for everyone. */
export function usePickProblem(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (problemId: string) => api.put(`/api/interviews/${interviewId}/problem`, interviewSchema, { problemId }),
    onSuccess: (interview) => {
      queryClient.setQueryData(interviewKeys.detail(interviewId), interview)
    },
  })
}
