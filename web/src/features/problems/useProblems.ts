import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'

import { api } from '@/lib/api'

import { problemKeys, problemsUrl, type ProblemFilters } from './keys'
import { problemListSchema, problemSchema, type ProblemInput } from './schema'

/** GET /api/problems with filters; the previous result stays on screen while the next loads. */
export function useProblemList(filters: ProblemFilters) {
  return useQuery({
    queryKey: problemKeys.list(filters),
    queryFn: ({ signal }) => api.get(problemsUrl(filters), problemListSchema, { signal }),
    placeholderData: keepPreviousData,
  })
}

/** GET /api/problems/{id}. */
export function useProblem(id: string) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: ({ signal }) => api.get(`/api/problems/${encodeURIComponent(id)}`, problemSchema, { signal }),
  })
}

/** POST /api/problems. */
export function useCreateProblem() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ProblemInput) => api.post('/api/problems', problemSchema, input),
    onSuccess: (problem) => {
      queryClient.setQueryData(problemKeys.detail(problem.id), problem)
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: problemKeys.all }),
  })
}

/** PUT /api/problems/{id}. */
export function useUpdateProblem(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ProblemInput) => api.put(`/api/problems/${encodeURIComponent(id)}`, problemSchema, input),
    onSuccess: (problem) => {
      queryClient.setQueryData(problemKeys.detail(problem.id), problem)
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: problemKeys.all }),
  })
}

/** DELETE /api/problems/{id} (204). Built-in problems are refused with 409 and the server's message. */
export function useDeleteProblem(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.delete(`/api/problems/${encodeURIComponent(id)}`, z.unknown()),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: problemKeys.detail(id) })
    },
    // Everything but the deleted problem itself, which the page showing it would refetch into a 404.
    onSettled: () =>
      queryClient.invalidateQueries({
        queryKey: problemKeys.all,
        predicate: (query) => !(query.queryKey[1] === 'detail' && query.queryKey[2] === id),
      }),
  })
}

export type UseProblemListResult = ReturnType<typeof useProblemList>
export type UseProblemResult = ReturnType<typeof useProblem>
