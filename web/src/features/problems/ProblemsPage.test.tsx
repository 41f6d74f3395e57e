import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { summaries } from './fixtures'
import { ProblemsPage } from './ProblemsPage'

const [twoSum, lru, buildOrder] = summaries
const list = (...problems: unknown[]) => () => jsonResponse({ problems })

function slugs(): string[] {
  return screen.queryAllByTestId('problem-row').map((row) => row.dataset.slug ?? '')
}

describe('ProblemsPage', () => {
  it('lists problems with colored difficulty badges and filters by search, difficulty and tag', async () => {
    const fetchMock = stubFetch({
      '/api/problems': list(twoSum, lru, buildOrder),
      '/api/problems?q=cache': list(lru),
      '/api/problems?q=cache&difficulty=hard': list(),
      '/api/problems?difficulty=hard': list(buildOrder),
      '/api/problems?difficulty=hard&tag=graphs': list(buildOrder),
      '/api/problems?tag=graphs': list(buildOrder),
    })
    renderWithProviders(<ProblemsPage />)

    await vi.waitFor(() => {
      expect(slugs()).toEqual(['two-sum', 'lru-cache', 'build-order'])
    })
    const badges = screen.getAllByTestId('problem-difficulty')
    expect(badges.map((b) => b.dataset.difficulty)).toEqual(['easy', 'medium', 'hard'])
    expect(badges[0]?.className).toContain('emerald')
    expect(badges[2]?.className).toContain('red')
    expect(screen.getByTestId('problem-new').getAttribute('href')).toBe('/problems/new')

    // Typing is debounced: one request for the final text.
    fireEvent.change(screen.getByTestId('problems-search'), { target: { value: 'c' } })
    fireEvent.change(screen.getByTestId('problems-search'), { target: { value: 'cache' } })
    await vi.waitFor(() => {
      expect(slugs()).toEqual(['lru-cache'])
    })
    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContain('/api/problems?q=c')

    fireEvent.change(screen.getByTestId('problems-difficulty'), { target: { value: 'hard' } })
    expect(await screen.findByTestId('problems-empty')).toBeTruthy()

    fireEvent.change(screen.getByTestId('problems-search'), { target: { value: '' } })
    await vi.waitFor(() => {
      expect(slugs()).toEqual(['build-order'])
    })

    // A tag chip filters; clicking it again clears the filter.
    const chip = screen.getAllByTestId('problems-tag').find((el) => el.dataset.tag === 'graphs')
    if (!chip) throw new Error('no graphs chip')
    fireEvent.click(chip)
    await vi.waitFor(() => {
      expect(fetchMock.mock.calls.map(([url]) => url)).toContain('/api/problems?difficulty=hard&tag=graphs')
    })
    expect(chip.getAttribute('aria-pressed')).toBe('true')

    fireEvent.change(screen.getByTestId('problems-difficulty'), { target: { value: '' } })
    await vi.waitFor(() => {
      expect(fetchMock.mock.calls.map(([url]) => url)).toContain('/api/problems?tag=graphs')
    })
    const row = screen.getAllByTestId('problem-row')[0]
    if (!row) throw new Error('no row')
    expect(within(row).getByRole('link', { name: 'Build Order' }).getAttribute('href')).toBe('/problems/p3')
  })

  it('shows the server error with a retry', async () => {
    stubFetch({ '/api/problems': () => jsonResponse({ error: 'Your role (candidate) does not allow this' }, 403) })
    renderWithProviders(<ProblemsPage />)
    expect(await screen.findByText('Your role (candidate) does not allow this')).toBeTruthy()
  })
})
