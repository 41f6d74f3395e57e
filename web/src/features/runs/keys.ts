/**
 * TanStack Query keys of the runs of one interview. The live topic `runs:<id>` invalidates `runKeys.all(id)`
 * (features/live/topics.ts): a run queued, started or finished, or a hidden test added or deleted.
 */
export const runKeys = {
  all: (interviewId: string) => ['runs', interviewId] as const,
  list: (interviewId: string) => ['runs', interviewId, 'list'] as const,
  tests: (interviewId: string) => ['runs', interviewId, 'tests'] as const,
}
