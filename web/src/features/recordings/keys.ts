/**
 * TanStack Query keys of an interview's recordings. The live topic `recordings:<id>` invalidates
 * `recordingKeys.all(id)` (features/live/topics.ts): a recording started, stopped, composed, failed or deleted.
 */
export const recordingKeys = {
  all: (interviewId: string) => ['recordings', interviewId] as const,
  list: (interviewId: string) => ['recordings', interviewId, 'list'] as const,
}
