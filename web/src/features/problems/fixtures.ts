import type { Problem, ProblemSummary } from './schema'

export const interviewer = { id: 'u-int', email: 'ada@example.com', name: 'Ada', avatarUrl: null, role: 'interviewer' }

export const summaries: ProblemSummary[] = [
  { id: 'p1', slug: 'two-sum', title: 'Two Sum', difficulty: 'easy', tags: ['arrays', 'hashing'], builtIn: false, updatedAt: '2026-11-01T10:00:00Z' },
  { id: 'builtin:lru-cache', slug: 'lru-cache', title: 'LRU Cache', difficulty: 'medium', tags: ['design', 'hashing'], builtIn: true, updatedAt: '2026-11-01T10:00:00Z' },
  { id: 'p3', slug: 'build-order', title: 'Build Order', difficulty: 'hard', tags: ['graphs'], builtIn: false, updatedAt: '2026-11-01T10:00:00Z' },
]

export function problemFixture(overrides: Partial<Problem> = {}): Problem {
  return {
    ...(summaries[0] as ProblemSummary),
    statement: '# Two Sum\n\nFind two numbers.',
    starter: { javascript: '// js', python: '# py', java: '// java' },
    tests: [
      { name: 'example', input: '1 2\n', expected: '3\n', hidden: false },
      { name: 'secret', input: '5 5\n', expected: '10\n', hidden: true },
    ],
    timeLimitMs: 2000,
    createdBy: 'u-int',
    createdAt: '2026-11-01T10:00:00Z',
    ...overrides,
  }
}
