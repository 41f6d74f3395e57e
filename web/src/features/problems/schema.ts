import { z } from 'zod'

import { listOf } from '@/lib/schema'

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const
export const difficultySchema = z.enum(DIFFICULTIES)
export type Difficulty = z.infer<typeof difficultySchema>

export const LANGUAGES = ['javascript', 'python', 'java'] as const
export type Language = (typeof LANGUAGES)[number]

const tagsSchema = listOf(z.string())

/** An item of GET /api/problems: no statement, starters or tests. */
export const problemSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  difficulty: difficultySchema,
  tags: tagsSchema,
  builtIn: z.boolean(),
  updatedAt: z.string(),
})
export type ProblemSummary = z.infer<typeof problemSummarySchema>

export const problemListSchema = z.object({
  problems: listOf(problemSummarySchema),
})

export const testCaseSchema = z.object({
  name: z.string(),
  input: z.string(),
  expected: z.string(),
  hidden: z.boolean(),
})
export type TestCase = z.infer<typeof testCaseSchema>

export const starterSchema = z.object({ javascript: z.string(), python: z.string(), java: z.string() })
export type Starter = z.infer<typeof starterSchema>

/** GET /api/problems/{id}: the whole problem. */
export const problemSchema = problemSummarySchema.extend({
  statement: z.string(),
  starter: starterSchema,
  tests: listOf(testCaseSchema),
  timeLimitMs: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
})
export type Problem = z.infer<typeof problemSchema>

/** The body of POST /api/problems and PUT /api/problems/{id} (a PUT replaces every field). */
export interface ProblemInput {
  title: string
  difficulty: Difficulty
  tags: string[]
  statement: string
  starter: Starter
  tests: TestCase[]
  timeLimitMs: number
}

/** Limits the server enforces (problems/model.go); the form checks them first to help, the server decides. */
export const LIMITS = {
  title: 200,
  tags: 10,
  tag: 30,
  statement: 50_000,
  starter: 20_000,
  tests: 100,
  testName: 100,
  testIO: 100 * 1024,
  minTimeLimitMs: 100,
  maxTimeLimitMs: 10_000,
  /** The server reads at most 1 MiB of JSON per request (httpx.MaxBodyBytes). */
  body: 1 << 20,
} as const
