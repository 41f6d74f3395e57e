import { LIMITS, LANGUAGES, type Difficulty, type Problem, type ProblemInput, type Starter } from './schema'

/** A test case as the form edits it; `key` keeps React rows stable while cases are added and removed. */
export interface TestCaseValues {
  key: string
  name: string
  input: string
  expected: string
  hidden: boolean
}

export interface ProblemFormValues {
  title: string
  difficulty: Difficulty | ''
  /** Comma- or space-separated, as typed. */
  tags: string
  statement: string
  starter: Starter
  tests: TestCaseValues[]
  /** As typed. */
  timeLimitMs: string
}

/**
 * Error keys are the server's `fields` keys: title, difficulty, tags, statement, starter.<language>, tests,
 * tests.<i>.name|input|expected, timeLimitMs.
 */
export type ProblemFieldErrors = Record<string, string | undefined>

let nextKey = 0
export function newTestCase(partial: Partial<Omit<TestCaseValues, 'key'>> = {}): TestCaseValues {
  nextKey++
  return { key: `tc-${String(nextKey)}`, name: '', input: '', expected: '', hidden: false, ...partial }
}

const STARTERS: Starter = {
  javascript: `const input = require('fs').readFileSync(0, 'utf8')

function solve(input) {
  // TODO
}

console.log(solve(input))
`,
  python: `import sys


def solve(data: str) -> str:
    # TODO
    return ""


print(solve(sys.stdin.read()))
`,
  java: `import java.io.*;

public class Main {
    static String solve(String input) {
        // TODO
        return "";
    }

    public static void main(String[] args) throws IOException {
        String input = new String(System.in.readAllBytes());
        System.out.println(solve(input));
    }
}
`,
}

export function newProblemValues(): ProblemFormValues {
  return {
    title: '',
    difficulty: '',
    tags: '',
    statement: '# Title\n\nDescribe the task.\n\n## Input\n\n## Output\n\n## Examples\n',
    starter: { ...STARTERS },
    tests: [newTestCase({ name: 'example 1' })],
    timeLimitMs: '2000',
  }
}

export function problemValues(problem: Problem): ProblemFormValues {
  return {
    title: problem.title,
    difficulty: problem.difficulty,
    tags: problem.tags.join(', '),
    statement: problem.statement,
    starter: { ...problem.starter },
    tests: problem.tests.map((test) => newTestCase(test)),
    timeLimitMs: String(problem.timeLimitMs),
  }
}

export function parseTags(tags: string): string[] {
  return tags
    .split(/[\s,]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '')
}

export function toProblemInput(values: ProblemFormValues): ProblemInput {
  return {
    title: values.title.trim(),
    difficulty: values.difficulty as Difficulty,
    tags: parseTags(values.tags),
    statement: values.statement,
    starter: values.starter,
    tests: values.tests.map(({ name, input, expected, hidden }) => ({ name: name.trim(), input, expected, hidden })),
    timeLimitMs: Number(values.timeLimitMs),
  }
}

const utf8 = new TextEncoder()
export function byteLength(text: string): number {
  return utf8.encode(text).length
}

/** Characters as the server counts them: Unicode code points. */
export function chars(text: string): number {
  return Array.from(text).length
}

/** The same rules as the server (problems/model.go), so most mistakes show before a round trip. */
export function validateProblem(values: ProblemFormValues): ProblemFieldErrors {
  const errors: ProblemFieldErrors = {}
  const input = toProblemInput(values)
  if (!input.title) errors.title = 'is required'
  else if (chars(input.title) > LIMITS.title) errors.title = `must be at most ${String(LIMITS.title)} characters`
  if (!values.difficulty) errors.difficulty = 'choose easy, medium or hard'

  const seen = new Set<string>()
  if (input.tags.length > LIMITS.tags) errors.tags = `at most ${String(LIMITS.tags)} tags`
  for (const tag of input.tags) {
    if (errors.tags) break
    if (chars(tag) > LIMITS.tag) errors.tags = `tag "${tag}" is longer than ${String(LIMITS.tag)} characters`
    else if (!/^[a-z0-9-]+$/.test(tag)) errors.tags = `tag "${tag}" may only use lowercase letters, digits and hyphens`
    else if (seen.has(tag)) errors.tags = `tag "${tag}" is listed twice`
    seen.add(tag)
  }

  if (!input.statement.trim()) errors.statement = 'is required'
  else if (chars(input.statement) > LIMITS.statement)
    errors.statement = `must be at most ${LIMITS.statement.toLocaleString('en')} characters`

  for (const lang of LANGUAGES) {
    const code = input.starter[lang]
    if (!code.trim()) errors[`starter.${lang}`] = 'is required'
    else if (chars(code) > LIMITS.starter) errors[`starter.${lang}`] = `must be at most ${LIMITS.starter.toLocaleString('en')} characters`
  }

  if (input.tests.length === 0) errors.tests = 'add at least one test case'
  else if (input.tests.length > LIMITS.tests) errors.tests = `at most ${String(LIMITS.tests)} test cases`
  const names = new Set<string>()
  input.tests.forEach((test, i) => {
    const key = `tests.${String(i)}`
    if (!test.name) errors[`${key}.name`] = 'is required'
    else if (chars(test.name) > LIMITS.testName) errors[`${key}.name`] = `must be at most ${String(LIMITS.testName)} characters`
    else if (names.has(test.name)) errors[`${key}.name`] = 'another test case has this name'
    names.add(test.name)
    if (byteLength(test.input) > LIMITS.testIO) errors[`${key}.input`] = 'must be at most 100 KB'
    if (byteLength(test.expected) > LIMITS.testIO) errors[`${key}.expected`] = 'must be at most 100 KB'
  })

  const limit = Number(values.timeLimitMs)
  if (!Number.isInteger(limit) || limit < LIMITS.minTimeLimitMs || limit > LIMITS.maxTimeLimitMs)
    errors.timeLimitMs = `must be between ${String(LIMITS.minTimeLimitMs)} and ${LIMITS.maxTimeLimitMs.toLocaleString('en')} milliseconds`

  if (Object.keys(errors).length === 0 && byteLength(JSON.stringify(input)) > LIMITS.body)
    errors.tests = 'the whole problem must stay under 1 MB; shorten the largest test cases'
  return errors
}


/** Re-keys test-case errors after the case at `removed` is deleted, so each message stays with its case. */
export function shiftTestErrors(errors: ProblemFieldErrors, removed: number): ProblemFieldErrors {
  const out: ProblemFieldErrors = {}
  for (const [key, message] of Object.entries(errors)) {
    const m = /^tests\.(\d+)\.(.+)$/.exec(key)
    if (!m) {
      out[key] = message
      continue
    }
    const index = Number(m[1])
    if (index === removed) continue
    out[`tests.${String(index > removed ? index - 1 : index)}.${m[2] ?? ''}`] = message
  }
  return out
}

