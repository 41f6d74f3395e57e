/**
 * TanStack Query keys of the replay's documents, under ['replay', interviewId] (no live topic invalidates them: the
 * replay reads a finished interview; a reload refetches). The recordings are features/recordings' own query.
 */
export const replayKeys = {
  all: (interviewId: string) => ['replay', interviewId] as const,
  docs: (interviewId: string, urls: readonly string[]) => ['replay', interviewId, 'docs', ...urls] as const,
}
