import { fireEvent, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { EditProblemPage } from './EditProblemPage'
import { interviewer, problemFixture } from './fixtures'
import { NewProblemPage } from './NewProblemPage'

function renderAt(route: string) {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/problems/new" element={<NewProblemPage />} />
        <Route path="/problems/:id/edit" element={<EditProblemPage />} />
        <Route path="/problems/:id" element={<p data-testid="opened">opened</p>} />
      </Routes>
      <Toaster />
    </>,
    { route },
  )
}

function field(name: string): HTMLElement {
  return screen.getByTestId(`field-${name}`)
}

describe('ProblemForm', () => {
  it("shows the server's field errors next to their fields and keeps the values", async () => {
    const problem = problemFixture()
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(interviewer),
      '/api/problems/p1': (init) =>
        init?.method === 'PUT'
          ? jsonResponse(
              {
                error: 'Please correct the highlighted fields.',
                fields: { title: 'must be at most 200 characters', 'tests.1.expected': 'must be at most 100 KB', 'starter.java': 'is required' },
              },
              400,
            )
          : jsonResponse(problem),
    })
    renderAt('/problems/p1/edit')

    const title = await screen.findByLabelText<HTMLInputElement>('Title')
    expect(title.value).toBe('Two Sum')
    expect(screen.getAllByTestId('test-case')).toHaveLength(2)
    fireEvent.change(title, { target: { value: 'Two Sum, revisited' } })
    fireEvent.click(screen.getByTestId('problem-save'))

    const titleError = await within(field('title')).findByTestId('field-error-title')
    expect(titleError.textContent).toBe('Must be at most 200 characters')
    expect(title.getAttribute('aria-invalid')).toBe('true')
    expect(title.value).toBe('Two Sum, revisited')
    expect(within(field('starter.java')).getByTestId('field-error-starter.java').textContent).toBe('Is required')
    // The test-case error sits in the second case, not the first.
    const [first, second] = screen.getAllByTestId('test-case')
    if (!first || !second) throw new Error('missing test cases')
    expect(within(second).getByTestId('field-error-tests.1.expected').textContent).toBe('Must be at most 100 KB')
    expect(within(first).queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('problem-form-error').textContent).toContain('Please correct the highlighted fields.')

    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    const body = JSON.parse(typeof put?.[1]?.body === 'string' ? put[1].body : '{}') as Record<string, unknown>
    expect(body.title).toBe('Two Sum, revisited')
    expect(body.tests).toEqual(problem.tests)
    expect(Object.keys(body).sort()).toEqual(['difficulty', 'starter', 'statement', 'tags', 'tests', 'timeLimitMs', 'title'])

    // Editing a field clears its error.
    fireEvent.change(title, { target: { value: 'Two Sum' } })
    expect(within(field('title')).queryByTestId('field-error-title')).toBeNull()

    // Removing the first case moves the second case's error with it.
    const remove = within(first).getByTestId('test-case-remove')
    fireEvent.click(remove)
    const [only] = screen.getAllByTestId('test-case')
    if (!only) throw new Error('no test case left')
    expect(within(only).getByTestId('field-error-tests.0.expected').textContent).toBe('Must be at most 100 KB')
  })

  it('checks fields before sending, then creates, toasts and opens the problem', async () => {
    const fetchMock = stubFetch({
      '/api/problems': () => jsonResponse(problemFixture({ id: 'new1', title: 'Pair Sums' }), 201),
    })
    renderAt('/problems/new')

    fireEvent.click(await screen.findByTestId('problem-save'))
    expect(within(field('title')).getByTestId('field-error-title').textContent).toBe('Is required')
    expect(within(field('difficulty')).getByTestId('field-error-difficulty')).toBeTruthy()
    expect(fetchMock).not.toHaveBeenCalled()

    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Pair Sums' } })
    fireEvent.change(screen.getByLabelText('Difficulty'), { target: { value: 'easy' } })
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'Arrays, two-pointers' } })
    fireEvent.click(screen.getByTestId('test-case-add'))
    const cases = screen.getAllByTestId('test-case')
    expect(cases).toHaveLength(2)
    fireEvent.click(within(cases[1] as HTMLElement).getByTestId('test-case-hidden'))
    fireEvent.click(screen.getByTestId('problem-save'))

    expect(await screen.findByTestId('opened')).toBeTruthy()
    expect(await screen.findByText('Problem created')).toBeTruthy()
    const post = fetchMock.mock.calls.find(([url]) => url === '/api/problems')
    const body = JSON.parse(typeof post?.[1]?.body === 'string' ? post[1].body : '{}') as {
      tags: string[]
      tests: { hidden: boolean }[]
      timeLimitMs: number
    }
    expect(body.tags).toEqual(['arrays', 'two-pointers'])
    expect(body.tests.map((t) => t.hidden)).toEqual([false, true])
    expect(body.timeLimitMs).toBe(2000)
    await vi.waitFor(() => {
      expect(fetchMock.mock.calls.filter(([url]) => url === '/api/problems')).toHaveLength(1)
    })
  })
})
