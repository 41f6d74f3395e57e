import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'

import { api } from '@/lib/api'

import { interviewKeys } from './keys'
import { commentSchema, commentsSchema } from './schema'

function commentsUrl(interviewId: string): string {
  return `/api/interviews/${encodeURIComponent(interviewId)}/comments`
}

/**
 * GET /api/interviews/{id}/comments. Candidates get 403 and must never ask: callers pass `enabled` from the
 * viewer's role, and the panel that calls this is not rendered for candidates.
 */
export function useComments(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: interviewKeys.comments(interviewId),
    queryFn: ({ signal }) => api.get(commentsUrl(interviewId), commentsSchema, { signal }),
    enabled,
  })
}

export interface CommentInput {
  content: string
  rating: number
}

/** POST /api/interviews/{id}/comments. Errors (with `fields`) are left to the form. */
export function useAddComment(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CommentInput) => api.post(commentsUrl(interviewId), commentSchema, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: interviewKeys.comments(interviewId) }),
  })
}

export type UseCommentsResult = ReturnType<typeof useComments>
export type UseAddCommentResult = ReturnType<typeof useAddComment>
