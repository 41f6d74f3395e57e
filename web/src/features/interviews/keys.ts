import type { InterviewStatus, Outcome } from './schema'

/** Filters of GET /api/interviews (the admin list). Empty strings mean "any". */
export interface InterviewFilters {
  status: InterviewStatus | ''
  outcome: Outcome | ''
  person: string
  /** RFC 3339 UTC bounds, or ''. */
  from: string
  to: string
  page: number
  pageSize: number
}

/**
 * TanStack Query keys of this feature. The live stream invalidates them by prefix (see features/live/topics.ts):
 * keep every key under one of these roots.
 */
export const interviewKeys = {
  dashboard: ['dashboard'] as const,
  lists: ['interviews'] as const,
  list: (filters: InterviewFilters) => ['interviews', filters] as const,
  detail: (id: string) => ['interview', id] as const,
  comments: (id: string) => ['comments', id] as const,
  people: (role: string, q: string) => ['users', 'picker', role, q] as const,
  problems: (q: string) => ['problems', 'picker', q] as const,
  problem: (id: string) => ['problems', 'picker-detail', id] as const,
}
