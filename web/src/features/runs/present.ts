import type { Run, TestResult } from './api'

/** 1 → "1st", 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  switch (n % 10) {
    case 1:
      return `${n}st`
    case 2:
      return `${n}nd`
    case 3:
      return `${n}rd`
    default:
      return `${n}th`
  }
}

const LIMIT_WORDS: Record<string, string> = {
  time: 'time limit',
  cpu: 'CPU time limit',
  memory: 'memory limit',
  output: 'output limit',
  fileSize: 'file size limit',
  processes: 'process limit',
}

/** The limit that stopped a program, in words: "time" → "time limit". */
export function limitWords(limit: string): string {
  return LIMIT_WORDS[limit] ?? `${limit} limit`
}

/** "Stopped: time limit". */
export function stoppedText(limit: string): string {
  return `Stopped: ${limitWords(limit)}`
}

/** "3 of 5 tests passed", "1 of 1 test passed". */
export function testsSummary(passed: number, total: number): string {
  return `${passed} of ${total} ${total === 1 ? 'test' : 'tests'} passed`
}

/** The status line of a run, in words. */
export function statusText(run: Pick<Run, 'status' | 'position' | 'withTests' | 'compileFailed' | 'exitCode' | 'passed' | 'total' | 'error'>): string {
  switch (run.status) {
    case 'queued':
      return run.position > 0 ? `Queued: ${ordinal(run.position)} in the queue` : 'Queued'
    case 'running':
      return run.withTests ? 'Running the tests…' : 'Running…'
    case 'done':
      if (run.compileFailed) return 'Compilation failed'
      if (run.withTests) {
        if (run.total > 0 && run.passed === run.total) return 'Done: all tests passed'
        return `Done: ${testsSummary(run.passed, run.total)}`
      }
      return `Done: exit code ${run.exitCode}`
    case 'failed':
      return run.error ? `Failed: ${run.error}` : 'Failed: the run could not finish'
  }
}

/** How a run went, for its icon and tone: still going, all good, or not. */
export type Outcome = 'pending' | 'ok' | 'bad'

export function outcome(run: Pick<Run, 'status' | 'compileFailed' | 'withTests' | 'passed' | 'total' | 'exitCode' | 'limit'>): Outcome {
  switch (run.status) {
    case 'queued':
    case 'running':
      return 'pending'
    case 'failed':
      return 'bad'
    case 'done':
      if (run.compileFailed || run.limit) return 'bad'
      if (run.withTests) return run.total > 0 && run.passed === run.total ? 'ok' : 'bad'
      return run.exitCode === 0 ? 'ok' : 'bad'
  }
}

/** A run's result in a few words, for the list of runs: "3/5 passed", "Exit 0", "Time limit". */
export function shortResult(run: Pick<Run, 'status' | 'compileFailed' | 'withTests' | 'passed' | 'total' | 'exitCode' | 'limit' | 'position'>): string {
  switch (run.status) {
    case 'queued':
      return run.position > 0 ? `Queued (${ordinal(run.position)})` : 'Queued'
    case 'running':
      return 'Running'
    case 'failed':
      return 'Failed'
    case 'done': {
      if (run.compileFailed) return 'Compile error'
      if (run.withTests) return `${run.passed}/${run.total} passed`
      if (run.limit) {
        const words = limitWords(run.limit)
        return words.charAt(0).toUpperCase() + words.slice(1)
      }
      return `Exit ${run.exitCode}`
    }
  }
}

const LANGUAGE_NAMES: Record<string, string> = { javascript: 'JavaScript', python: 'Python', java: 'Java' }

export function languageName(language: string): string {
  return LANGUAGE_NAMES[language] ?? language
}

/** Kilobytes as megabytes with one decimal: 12800 → "12.5 MB". */
export function megabytes(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`
}

/** Milliseconds as the panel shows them: 85 → "85 ms", 1500 → "1.50 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}

/** A time of day in the viewer's locale and zone (`timeZone` for tests); '' for an unreadable time. */
export function clockTime(iso: string, timeZone?: string, locale?: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }).format(at)
}

/**
 * Whether the run's stdout and stderr were left out for a candidate: the server does so when the first failing
 * test is hidden (a program could print the hidden input).
 */
export function outputHiddenFromCandidate(run: Pick<Run, 'withTests' | 'tests'>): boolean {
  return run.withTests && run.tests.find((t) => !t.passed)?.hidden === true
}

/** Whether a test result carries anything to show beyond passed/failed (a candidate's hidden tests do not). */
export function hasDetails(test: TestResult): boolean {
  return test.input !== undefined || test.expected !== undefined || test.got !== undefined || test.stderr !== undefined
}

/** What an API error says, with the server's per-field messages ("Source is empty: write some code first"). */
export function errorText(error: { message: string; fields?: Record<string, string> }): string {
  const fields = Object.entries(error.fields ?? {}).map(([key, message]) => `${key.charAt(0).toUpperCase()}${key.slice(1)} ${message}`)
  return fields.length > 0 ? fields.join('. ') : error.message
}
