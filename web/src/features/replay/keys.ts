/**
 * TanStack Query keys of the replay, all under ['replay', interviewId] (no live topic invalidates them: the replay
 * reads a finished interview; a reload refetches).
 */
export const replayKeys = {
  all: (interviewId: string) => ['replay', interviewId] as const,
  docs: (interviewId: string, urls: readonly string[]) => ['replay', interviewId, 'docs', ...urls] as const,
  recordings: (interviewId: string) => ['replay', interviewId, 'recordings'] as const,
}
