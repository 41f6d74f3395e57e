import { fireEvent, screen } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { interviewer, problemFixture } from './fixtures'
import { ProblemPage } from './ProblemPage'

describe('ProblemPage', () => {
  it('renders the statement, starter tabs and visible tests, counting hidden ones', async () => {
    stubFetch({
      '/api/me': () => jsonResponse(interviewer),
      '/api/problems/p1': () => jsonResponse(problemFixture({ statement: '# Two Sum\n\n<b>not bold</b> **bold**' })),
    })
    renderWithProviders(
      <Routes>
        <Route path="/problems/:id" element={<ProblemPage />} />
      </Routes>,
      { route: '/problems/p1' },
    )
    expect((await screen.findByTestId('problem-title')).textContent).toBe('Two Sum')
    // The Markdown renderer is loaded on demand.
    const statement = await screen.findByTestId('problem-statement')
    expect(statement.querySelector('b')).toBeNull()
    expect(statement.querySelector('strong')?.textContent).toBe('bold')
    expect(screen.getByTestId('starter-code').textContent).toBe('// js')
    fireEvent.click(screen.getByTestId('starter-tab-python'))
    expect(screen.getByTestId('starter-code').textContent).toBe('# py')
    expect(screen.getAllByTestId('problem-test')).toHaveLength(1)
    expect(screen.getByTestId('problem-hidden-count').textContent).toBe('1 hidden')
    expect(screen.queryByText('secret')).toBeNull()
    expect((await screen.findByTestId('problem-edit')).getAttribute('href')).toBe('/problems/p1/edit')
    expect(screen.getByTestId<HTMLButtonElement>('problem-delete').disabled).toBe(false)
  })

  it('offers no delete for a built-in problem', async () => {
    stubFetch({
      '/api/me': () => jsonResponse(interviewer),
      '/api/problems/builtin%3Alru-cache': () => jsonResponse(problemFixture({ id: 'builtin:lru-cache', builtIn: true, createdBy: null })),
    })
    renderWithProviders(
      <Routes>
        <Route path="/problems/:id" element={<ProblemPage />} />
      </Routes>,
      { route: '/problems/builtin:lru-cache' },
    )
    expect((await screen.findByTestId<HTMLButtonElement>('problem-delete')).disabled).toBe(true)
  })
})
