/**
 * TanStack Query keys of the call. The live stream invalidates them (features/live/topics.ts):
 * `chat:<id>` → ['chat', id], `attendance:<id>` → ['attendance', id].
 */
export const roomKeys = {
  chat: (interviewId: string) => ['chat', interviewId] as const,
  attendance: (interviewId: string) => ['attendance', interviewId] as const,
  /** A join grant fetched ahead while the setup page is open (not a live topic). */
  join: (interviewId: string) => ['join', interviewId] as const,
}
