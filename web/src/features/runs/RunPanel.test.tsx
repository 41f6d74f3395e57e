import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { cara, interviewJson, ivan } from '@/features/interviews/fixtures'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { RunPanel } from './RunPanel'

afterEach(() => {
  vi.unstubAllGlobals()
})

const RUNS = '/api/interviews/i1/runs'
const TESTS = '/api/interviews/i1/run-tests'

/** A finished test run as the server shows it to the candidate: a failed visible test, a failed hidden one. */
function testRun(forCandidate: boolean) {
  const hidden = forCandidate
    ? { name: 'big input', passed: false, hidden: true, timeMs: 30, memoryKB: 8000, exitCode: 1 }
    : { name: 'big input', passed: false, hidden: true, timeMs: 30, memoryKB: 8000, exitCode: 1, input: 'SECRET-IN', expected: 'SECRET-OUT', got: 'nope' }
  return {
    id: 'r2',
    interviewId: 'i1',
    userId: cara.id,
    language: 'python',
    withTests: true,
    status: 'done',
    createdAt: '2026-12-01T13:10:00Z',
    finishedAt: '2026-12-01T13:10:01Z',
    stdin: '',
    stdout: '4\n',
    stderr: 'Traceback: oops',
    exitCode: 0,
    timeMs: 42,
    cpuMs: 35,
    memoryKB: 10240,
    truncated: false,
    passed: 1,
    total: 3,
    tests: [
      { name: 'sample 1', passed: true, hidden: false, timeMs: 12, memoryKB: 9000, exitCode: 0, input: '1 2', expected: '3', got: '3' },
      { name: 'sample 2', passed: false, hidden: false, timeMs: 14, memoryKB: 9000, exitCode: 0, input: '2 2', expected: '5', got: '4\n' },
      hidden,
    ],
  }
}

/** An older plain run, stopped by the time limit with its output cut. */
const olderRun = {
  id: 'r1',
  interviewId: 'i1',
  userId: ivan.id,
  language: 'python',
  withTests: false,
  status: 'done',
  createdAt: '2026-12-01T13:05:00Z',
  stdin: '',
  stdout: 'spinning',
  stderr: '',
  exitCode: -1,
  timeMs: 5000,
  cpuMs: 4990,
  memoryKB: 4096,
  truncated: true,
  limit: 'time',
  passed: 0,
  total: 0,
}

type Handler = Parameters<typeof stubFetch>[0][string]

/** The API as the panel sees it: who is signed in, the interview, its runs; `post` answers POST …/runs. */
function routes(me: object, runs: () => unknown, { post, extra = {} }: { post?: Handler; extra?: Record<string, Handler> } = {}) {
  return stubFetch({
    '/api/me': () => jsonResponse(me),
    '/api/interviews/i1': () => jsonResponse(interviewJson()),
    ...extra,
    [RUNS]: (init) => (init?.method === 'POST' ? (post ?? (() => jsonResponse({ id: 'r3' }, 202)))(init) : jsonResponse(runs())),
  })
}

function bodyOf(fetchMock: ReturnType<typeof stubFetch>, url: string, method: string): unknown {
  const call = fetchMock.mock.calls.find(([input, init]) => input === url && init?.method === method)
  const body = call?.[1]?.body
  return typeof body === 'string' ? JSON.parse(body) : undefined
}

describe('RunPanel', () => {
  it('shows the candidate the latest test run, hidden tests only as passed or failed', async () => {
    routes(cara, () => ({ runs: [testRun(true), olderRun] }))
    renderWithProviders(<RunPanel interviewId="i1" language="python" getSource={() => ''} role="candidate" />)

    const status = await screen.findByTestId('run-status')
    await vi.waitFor(() => {
      expect(status.dataset.status).toBe('done')
    })
    expect(status.getAttribute('role')).toBe('status')
    expect(status.getAttribute('aria-live')).toBe('polite')
    expect(status.textContent).toBe('Done: 1 of 3 tests passed')
    expect(screen.getByTestId('run-tests-summary').textContent).toBe('1 of 3 tests passed')

    const rows = screen.getAllByTestId('run-test-row')
    expect(rows.map((r) => [r.dataset.passed, r.dataset.hidden])).toEqual([
      ['true', 'false'],
      ['false', 'false'],
      ['false', 'true'],
    ])
    // The failed visible test opens to its input, expected and actual output.
    const failed = rows[1] as HTMLElement
    expect(within(failed).getByText('Failed')).toBeTruthy()
    const toggle = within(failed).getByRole('button')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const details = within(failed).getByTestId('run-test-details')
    expect(details.textContent).toContain('2 2')
    expect(details.textContent).toContain('Expected5')
    expect(details.textContent).toContain('Got4')

    // The hidden test: its name, "hidden test" and "Failed", nothing to open.
    const hidden = rows[2] as HTMLElement
    expect(hidden.textContent).toContain('hidden test')
    expect(hidden.textContent).toContain('Failed')
    expect(within(hidden).queryByRole('button')).toBeNull()
    expect(within(hidden).queryByTestId('run-test-details')).toBeNull()
    expect(hidden.textContent).not.toContain('Input')

    expect(screen.getByTestId('run-stdout').textContent).toBe('4\n')
    expect(screen.getByTestId('run-stderr').textContent).toBe('Traceback: oops')
    // A candidate has no hidden-test manager.
    expect(screen.queryByTestId('hidden-tests')).toBeNull()

    // The older run, from the list: who ran it, the limit that stopped it, the output cut.
    const history = screen.getAllByTestId('run-history-row')
    expect(history).toHaveLength(2)
    expect(history[1]?.textContent).toContain('Ivan Interviewer')
    expect(history[1]?.textContent).toContain('Python')
    expect(history[1]?.textContent).toContain('Time limit')
    expect(history[0]?.textContent).toContain('You')
    fireEvent.click(history[1] as HTMLElement)
    expect(screen.getByTestId('run-limit').textContent).toBe('Stopped: time limit')
    expect(screen.getByTestId('run-status').textContent).toBe('Done: exit code -1')
    expect(screen.getByTestId('run-truncated').textContent).toContain('output cut')
    expect(screen.queryByTestId('run-test-row')).toBeNull()
    fireEvent.click(screen.getByTestId('run-show-latest'))
    expect(screen.getAllByTestId('run-test-row')).toHaveLength(3)
  })

  it('posts {language, source, stdin} for Run, spins while the run is queued, and shows its place', async () => {
    let posted = false
    const queued = { id: 'r3', userId: cara.id, language: 'java', status: 'queued', position: 2, createdAt: '2026-12-01T13:12:00Z' }
    const fetchMock = routes(cara, () => ({ runs: posted ? [queued] : [] }), {
      post: () => {
        posted = true
        return jsonResponse({ id: 'r3' }, 202)
      },
    })
    renderWithProviders(<RunPanel interviewId="i1" language="java" getSource={() => 'class Main {}'} role="candidate" />)
    await vi.waitFor(() => {
      expect(screen.getByTestId('run-status').dataset.status).toBe('none')
    })
    const stdinToggle = screen.getByTestId('run-stdin-toggle')
    expect(stdinToggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(stdinToggle)
    expect(stdinToggle.getAttribute('aria-expanded')).toBe('true')
    fireEvent.change(screen.getByLabelText('Standard input for “Run”'), { target: { value: '5\n' } })

    fireEvent.click(screen.getByTestId('run-button'))
    await vi.waitFor(() => {
      expect(screen.getByTestId('run-status').dataset.status).toBe('queued')
    })
    expect(bodyOf(fetchMock, RUNS, 'POST')).toEqual({ language: 'java', source: 'class Main {}', stdin: '5\n' })
    expect(screen.getByTestId('run-status').textContent).toBe('Queued: 2nd in the queue')
    // This person's run is queued: both buttons wait for it.
    expect(screen.getByTestId<HTMLButtonElement>('run-button').disabled).toBe(true)
    expect(screen.getByTestId<HTMLButtonElement>('run-tests-button').disabled).toBe(true)
    expect(screen.getByTestId('run-button').getAttribute('aria-busy')).toBe('true')
  })

  it('posts {tests: true} for Run tests and shows a 409’s message', async () => {
    const fetchMock = routes(cara, () => ({ runs: [] }), {
      post: () => jsonResponse({ error: 'this interview has no problem with tests and no hidden tests to run' }, 409),
    })
    renderWithProviders(<RunPanel interviewId="i1" language="javascript" getSource={() => 'print(1)'} role="candidate" />)
    await vi.waitFor(() => {
      expect(screen.getByTestId('run-status').dataset.status).toBe('none')
    })
    fireEvent.click(screen.getByTestId('run-tests-button'))
    expect((await screen.findByTestId('run-error')).textContent).toBe('this interview has no problem with tests and no hidden tests to run')
    expect(bodyOf(fetchMock, RUNS, 'POST')).toEqual({ language: 'javascript', source: 'print(1)', tests: true })
    expect(screen.getByTestId<HTMLButtonElement>('run-tests-button').disabled).toBe(false)
  })

  it('lets a reviewer read the results without running', async () => {
    routes({ ...ivan, id: 'u-admin', role: 'admin' }, () => ({ runs: [testRun(false)] }))
    renderWithProviders(<RunPanel interviewId="i1" language="python" getSource={() => ''} role="reviewer" />)
    await vi.waitFor(() => {
      expect(screen.getByTestId('run-status').dataset.status).toBe('done')
    })
    expect(screen.queryByTestId('run-button')).toBeNull()
    expect(screen.queryByTestId('run-tests-button')).toBeNull()
    expect(screen.queryByTestId('hidden-tests')).toBeNull()
    expect(screen.getAllByTestId('run-test-row')).toHaveLength(3)
  })

  it('lets an interviewer see hidden tests’ details, and add and delete hidden tests', async () => {
    let tests = [{ id: 't1', name: 'empty list', input: '', expected: '0', createdBy: ivan.id, createdAt: '2026-12-01T12:00:00Z' }]
    const fetchMock = routes(ivan, () => ({ runs: [testRun(false)] }), {
      extra: {
        [TESTS]: (init) => {
          if (init?.method === 'POST') {
            const body = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as { name: string; input: string; expected: string }
            const added = { id: 't2', ...body, createdBy: ivan.id, createdAt: '2026-12-01T12:30:00Z' }
            tests = [...tests, added]
            return jsonResponse(added, 201)
          }
          return jsonResponse({ tests })
        },
        [`${TESTS}/t1`]: () => {
          tests = tests.filter((t) => t.id !== 't1')
          return new Response(null, { status: 204 })
        },
      },
    })
    renderWithProviders(<RunPanel interviewId="i1" language="python" getSource={() => ''} role="interviewer" />)

    // The interviewer's view of the hidden test carries its data: it opens.
    await vi.waitFor(() => {
      expect(screen.getAllByTestId('run-test-row')).toHaveLength(3)
    })
    const hiddenRow = screen.getAllByTestId('run-test-row')[2] as HTMLElement
    fireEvent.click(within(hiddenRow).getByRole('button'))
    expect(within(hiddenRow).getByTestId('run-test-details').textContent).toContain('SECRET-IN')

    await vi.waitFor(() => {
      expect(screen.getAllByTestId('hidden-test-row')).toHaveLength(1)
    })
    expect(screen.getByTestId('hidden-tests').textContent).toContain('The candidate sees only whether each passed or failed')
    fireEvent.change(screen.getByTestId('hidden-test-name'), { target: { value: 'negatives' } })
    fireEvent.change(screen.getByTestId('hidden-test-input'), { target: { value: '-1 -2' } })
    fireEvent.change(screen.getByTestId('hidden-test-expected'), { target: { value: '-3' } })
    fireEvent.click(screen.getByTestId('hidden-test-add'))
    await vi.waitFor(() => {
      expect(screen.getAllByTestId('hidden-test-row')).toHaveLength(2)
    })
    expect(bodyOf(fetchMock, TESTS, 'POST')).toEqual({ name: 'negatives', input: '-1 -2', expected: '-3' })
    expect(screen.getByTestId<HTMLInputElement>('hidden-test-name').value).toBe('')

    const first = screen.getAllByTestId('hidden-test-row')[0] as HTMLElement
    fireEvent.click(within(first).getByTestId('hidden-test-delete'))
    await vi.waitFor(() => {
      expect(screen.getAllByTestId('hidden-test-row').map((r) => r.dataset.testId)).toEqual(['t2'])
    })
    expect(fetchMock.mock.calls.some(([input, init]) => input === `${TESTS}/t1` && init?.method === 'DELETE')).toBe(true)
  })
})
