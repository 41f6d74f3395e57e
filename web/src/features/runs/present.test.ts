import { describe, expect, it } from 'vitest'

import { keysForTopic } from '@/features/live/topics'

import { pollInterval, runSchema } from './api'
import { runKeys } from './keys'
import {
  clockTime,
  duration,
  errorText,
  limitWords,
  megabytes,
  ordinal,
  outcome,
  outputHiddenFromCandidate,
  shortResult,
  statusText,
  stoppedText,
  testsSummary,
} from './present'

/** A run as the server writes it, with Go's omitempty fields left out. */
function run(overrides: Record<string, unknown> = {}) {
  return runSchema.parse({
    id: 'r1',
    interviewId: 'i1',
    userId: 'u1',
    language: 'python',
    withTests: false,
    status: 'done',
    createdAt: '2026-12-01T13:00:00Z',
    stdin: '',
    stdout: 'hi\n',
    stderr: '',
    exitCode: 0,
    timeMs: 40,
    cpuMs: 30,
    memoryKB: 9000,
    truncated: false,
    passed: 0,
    total: 0,
    ...overrides,
  })
}

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [101, '101st'],
    [111, '111th'],
  ])('%d → %s', (n, text) => {
    expect(ordinal(n)).toBe(text)
  })
})

describe('limits in words', () => {
  it.each([
    ['time', 'time limit'],
    ['cpu', 'CPU time limit'],
    ['memory', 'memory limit'],
    ['output', 'output limit'],
    ['fileSize', 'file size limit'],
    ['processes', 'process limit'],
    ['threads', 'threads limit'],
  ])('%s → %s', (limit, words) => {
    expect(limitWords(limit)).toBe(words)
  })

  it('says what stopped the program', () => {
    expect(stoppedText('time')).toBe('Stopped: time limit')
  })
})

describe('statusText', () => {
  it('gives the queue position as an ordinal', () => {
    expect(statusText(run({ status: 'queued', position: 2 }))).toBe('Queued: 2nd in the queue')
    expect(statusText(run({ status: 'queued' }))).toBe('Queued')
  })

  it('says running, done with the exit code, or failed with the error', () => {
    expect(statusText(run({ status: 'running' }))).toBe('Running…')
    expect(statusText(run({ status: 'running', withTests: true }))).toBe('Running the tests…')
    expect(statusText(run({ exitCode: 3 }))).toBe('Done: exit code 3')
    expect(statusText(run({ status: 'failed', error: 'the sandbox did not start' }))).toBe('Failed: the sandbox did not start')
    expect(statusText(run({ status: 'failed' }))).toBe('Failed: the run could not finish')
  })

  it('sums up test runs and compile failures', () => {
    expect(statusText(run({ withTests: true, passed: 3, total: 5 }))).toBe('Done: 3 of 5 tests passed')
    expect(statusText(run({ withTests: true, passed: 2, total: 2 }))).toBe('Done: all tests passed')
    expect(statusText(run({ compileFailed: true, exitCode: 1 }))).toBe('Compilation failed')
  })
})

describe('summaries', () => {
  it('counts tests', () => {
    expect(testsSummary(3, 5)).toBe('3 of 5 tests passed')
    expect(testsSummary(1, 1)).toBe('1 of 1 test passed')
  })

  it('gives each run a short result and an outcome', () => {
    expect(shortResult(run())).toBe('Exit 0')
    expect(outcome(run())).toBe('ok')
    expect(shortResult(run({ limit: 'memory', exitCode: 137 }))).toBe('Memory limit')
    expect(outcome(run({ limit: 'memory' }))).toBe('bad')
    expect(shortResult(run({ withTests: true, passed: 1, total: 2 }))).toBe('1/2 passed')
    expect(shortResult(run({ compileFailed: true }))).toBe('Compile error')
    expect(shortResult(run({ status: 'queued', position: 1 }))).toBe('Queued (1st)')
    expect(outcome(run({ status: 'running' }))).toBe('pending')
  })

  it('formats numbers and times', () => {
    expect(megabytes(12800)).toBe('12.5 MB')
    expect(duration(85)).toBe('85 ms')
    expect(duration(1500)).toBe('1.50 s')
    expect(clockTime('2026-12-01T13:04:05Z', 'UTC', 'en-GB')).toBe('13:04:05')
    expect(clockTime('')).toBe('')
  })

  it('puts the server’s field messages into words', () => {
    expect(errorText({ message: 'Please correct the highlighted fields.', fields: { source: 'is empty: write some code first' } })).toBe(
      'Source is empty: write some code first',
    )
    expect(errorText({ message: 'your previous run is still queued or running; wait for it to finish' })).toBe(
      'your previous run is still queued or running; wait for it to finish',
    )
  })
})

describe('the run schema', () => {
  it('reads a queued run without the fields Go leaves out', () => {
    const queued = runSchema.parse({ id: 'r2', status: 'queued', position: 3 })
    expect(queued).toMatchObject({ position: 3, tests: [], limit: null, compileFailed: false, error: '', finishedAt: null, stdout: '' })
  })

  it('reads a candidate’s hidden test without its input, expected or actual output', () => {
    const done = run({ withTests: true, tests: [{ name: 'secret', passed: false, hidden: true, timeMs: 5, memoryKB: 100 }] })
    const [hidden] = done.tests
    expect(hidden).toMatchObject({ name: 'secret', hidden: true, exitCode: 0 })
    expect([hidden?.input, hidden?.expected, hidden?.got, hidden?.stderr]).toEqual([undefined, undefined, undefined, undefined])
    expect(outputHiddenFromCandidate(done)).toBe(true)
    expect(outputHiddenFromCandidate(run({ withTests: true, tests: [{ name: 'a', passed: false, hidden: false }] }))).toBe(false)
  })
})

describe('polling and live updates', () => {
  it('polls every second only while a run is queued or running', () => {
    expect(pollInterval(undefined)).toBe(false)
    expect(pollInterval([run()])).toBe(false)
    expect(pollInterval([run({ status: 'running' }), run()])).toBe(1000)
    expect(pollInterval([run({ status: 'queued' })])).toBe(1000)
  })

  it('refetches the runs and hidden tests on the topic runs:<id>', () => {
    expect(keysForTopic('runs:i1')).toEqual([runKeys.all('i1')])
    expect(keysForTopic('runs:')).toEqual([])
    expect(runKeys.list('i1').slice(0, 2)).toEqual(runKeys.all('i1'))
    expect(runKeys.tests('i1').slice(0, 2)).toEqual(runKeys.all('i1'))
  })
})
