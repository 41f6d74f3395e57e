/** Filters of GET /api/problems. Empty strings mean "any". */
export interface ProblemFilters {
  q: string
  difficulty: string
  tag: string
}

/**
 * TanStack Query keys of this feature. The live stream's `problems` topic invalidates ['problems'] (see
 * features/live/topics.ts): every key stays under that root.
 */
export const problemKeys = {
  all: ['problems'] as const,
  list: (filters: ProblemFilters) => ['problems', 'list', filters] as const,
  detail: (id: string) => ['problems', 'detail', id] as const,
}

export function problemsUrl({ q, difficulty, tag }: ProblemFilters): string {
  const params = new URLSearchParams()
  if (q.trim()) params.set('q', q.trim())
  if (difficulty) params.set('difficulty', difficulty)
  if (tag) params.set('tag', tag)
  const query = params.toString()
  return query ? `/api/problems?${query}` : '/api/problems'
}
