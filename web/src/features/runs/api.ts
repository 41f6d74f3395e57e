import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'

import { api } from '@/lib/api'
import { listOf } from '@/lib/schema'

import { runKeys } from './keys'

export { runKeys }

// Shapes of runner/model.go (RunView, HiddenTest) and runner/execute.go (TestResult). Go leaves out `position`,
// `finishedAt`, `limit`, `compileFailed`, `error` and `tests` when empty, and a candidate's hidden tests have no
// `input`, `expected`, `got` or `stderr`: every such field reads as its empty value here.

export const LANGUAGES = ['javascript', 'python', 'java'] as const
export type Language = (typeof LANGUAGES)[number]

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export const runStatusSchema = z.enum(RUN_STATUSES)
export type RunStatus = z.infer<typeof runStatusSchema>

/** The limit that stopped a program ("time", "cpu", "memory", "output", "fileSize", "processes"), or null. */
const limitSchema = z
  .string()
  .nullish()
  .transform((limit) => limit || null)

/** A field a candidate's hidden test leaves out: undefined then, the text otherwise. */
const shownText = z
  .string()
  .nullish()
  .transform((text) => text ?? undefined)

export const testResultSchema = z.object({
  name: z.string().catch(''),
  passed: z.boolean().catch(false),
  hidden: z.boolean().catch(false),
  timeMs: z.number().catch(0),
  memoryKB: z.number().catch(0),
  exitCode: z.number().catch(0),
  limit: limitSchema,
  input: shownText,
  expected: shownText,
  got: shownText,
  stderr: shownText,
})
export type TestResult = z.infer<typeof testResultSchema>

export const runSchema = z.object({
  id: z.string(),
  interviewId: z.string().catch(''),
  userId: z.string().catch(''),
  language: z.string().catch(''),
  withTests: z.boolean().catch(false),
  status: runStatusSchema,
  /** 1 = next in the queue; 0 when not queued (or not known). */
  position: z.number().catch(0),
  createdAt: z.string().catch(''),
  finishedAt: z
    .string()
    .nullish()
    .transform((at) => at || null),
  stdin: z.string().catch(''),
  stdout: z.string().catch(''),
  stderr: z.string().catch(''),
  exitCode: z.number().catch(0),
  timeMs: z.number().catch(0),
  cpuMs: z.number().catch(0),
  memoryKB: z.number().catch(0),
  truncated: z.boolean().catch(false),
  limit: limitSchema,
  compileFailed: z.boolean().catch(false),
  error: z.string().catch(''),
  passed: z.number().catch(0),
  total: z.number().catch(0),
  tests: listOf(testResultSchema),
})
export type Run = z.infer<typeof runSchema>

const runListSchema = z.object({ runs: listOf(runSchema) })
const startedSchema = z.object({ id: z.string() })

export const hiddenTestSchema = z.object({
  id: z.string(),
  name: z.string().catch(''),
  input: z.string().catch(''),
  expected: z.string().catch(''),
  createdBy: z.string().catch(''),
  createdAt: z.string().catch(''),
})
export type HiddenTest = z.infer<typeof hiddenTestSchema>

const hiddenTestListSchema = z.object({ tests: listOf(hiddenTestSchema) })

/** An empty 204 answer. */
const noContent = z.unknown()

/** The most hidden tests an interview may have (runner.MaxHiddenTests). */
export const MAX_HIDDEN_TESTS = 20

function base(interviewId: string): string {
  return `/api/interviews/${encodeURIComponent(interviewId)}`
}

/** Whether a run is still waiting for its result. */
export function isActive(run: Pick<Run, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running'
}

/** How often to poll the list: every second while a run is queued or running (a safety net for the live topic). */
export function pollInterval(runs: readonly Pick<Run, 'status'>[] | undefined): number | false {
  return runs?.some(isActive) ? 1000 : false
}

/** GET /api/interviews/{id}/runs: the newest 20 runs, newest first. */
export function useRuns(interviewId: string) {
  return useQuery({
    queryKey: runKeys.list(interviewId),
    queryFn: ({ signal }) => api.get(`${base(interviewId)}/runs`, runListSchema, { signal }).then((body) => body.runs),
    refetchInterval: (query) => pollInterval(query.state.data),
  })
}

/** What "Run" and "Run tests" send: stdin only with a plain run, `tests` only with a test run. */
export type StartRunRequest =
  | { language: Language; source: string; stdin: string }
  | { language: Language; source: string; tests: true }

/** POST /api/interviews/{id}/runs → 202 {id}. 409: this person's last run is still going, or no tests to run. */
export function useStartRun(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: StartRunRequest) => api.post(`${base(interviewId)}/runs`, startedSchema, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runKeys.list(interviewId) }),
  })
}

/** GET /api/interviews/{id}/run-tests: the interviewers' hidden tests (interviewers; admins read). */
export function useRunTests(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: runKeys.tests(interviewId),
    queryFn: ({ signal }) => api.get(`${base(interviewId)}/run-tests`, hiddenTestListSchema, { signal }).then((body) => body.tests),
    enabled,
  })
}

export interface HiddenTestInput {
  name: string
  input: string
  expected: string
}

/** POST /api/interviews/{id}/run-tests → 201, the test (added to the cached list at once). */
export function useAddRunTest(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (test: HiddenTestInput) => api.post(`${base(interviewId)}/run-tests`, hiddenTestSchema, test),
    onSuccess: (test) => {
      queryClient.setQueryData<HiddenTest[]>(runKeys.tests(interviewId), (tests) =>
        tests?.some((t) => t.id === test.id) ? tests : [...(tests ?? []), test],
      )
      return queryClient.invalidateQueries({ queryKey: runKeys.tests(interviewId) })
    },
  })
}

/** DELETE /api/interviews/{id}/run-tests/{test} → 204 (taken out of the cached list at once). */
export function useDeleteRunTest(interviewId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (testId: string) =>
      api.delete(`${base(interviewId)}/run-tests/${encodeURIComponent(testId)}`, noContent),
    onSuccess: (_answer, testId) => {
      queryClient.setQueryData<HiddenTest[]>(runKeys.tests(interviewId), (tests) => tests?.filter((t) => t.id !== testId))
      return queryClient.invalidateQueries({ queryKey: runKeys.tests(interviewId) })
    },
  })
}

export type UseRunsResult = ReturnType<typeof useRuns>
export type UseStartRunResult = ReturnType<typeof useStartRun>
export type UseRunTestsResult = ReturnType<typeof useRunTests>
