/**
 * TanStack Query keys of the replay's documents, under ['replay', interviewId] (no live topic invalidates them: the
 * replay reads a finished interview; a reload refetches). The recordings are features/recordings' own query.
 */
export const replayKeys = {
  docs: (interviewId: string, urls: readonly string[]) => ['replay', interviewId, 'docs', ...urls] as const,
}
