/** Query keys of the workspace's server data (the documents themselves are not queries: they live in the repo). */
export const workspaceKeys = {
  signals: (interviewId: string) => ['signals', interviewId] as const,
}
