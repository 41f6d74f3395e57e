import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { AdminInterviewsPage } from './AdminInterviewsPage'
import { grace, interviewJson } from './fixtures'

const page = (interviews: object[], total: number, pageNo = 1) => ({ interviews, total, page: pageNo, pageSize: 20 })

describe('AdminInterviewsPage', () => {
  it('lists every interview and filters by status and outcome, back to page 1', async () => {
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(grace),
      '/api/users?pageSize=20': () => jsonResponse({ users: [], total: 0, page: 1, pageSize: 20 }),
      '/api/interviews?page=1&pageSize=20': () =>
        jsonResponse(page([interviewJson(), interviewJson({ id: 'i2', status: 'completed', outcome: 'failed' })], 30)),
      '/api/interviews?page=2&pageSize=20': () => jsonResponse(page([interviewJson({ id: 'i3' })], 30, 2)),
      '/api/interviews?status=completed&page=1&pageSize=20': () =>
        jsonResponse(page([interviewJson({ id: 'i2', status: 'completed', outcome: 'failed' })], 1)),
      '/api/interviews?status=completed&outcome=succeeded&page=1&pageSize=20': () => jsonResponse(page([], 0)),
    })
    renderWithProviders(<AdminInterviewsPage />)

    expect(await screen.findAllByTestId('admin-interviews-row')).toHaveLength(2)
    fireEvent.click(screen.getByTestId('admin-interviews-next'))
    await vi.waitFor(() => {
      expect(screen.getByTestId('admin-interviews-range').textContent).toBe('21–30 of 30')
    })

    fireEvent.change(screen.getByTestId('admin-interviews-filter-status'), { target: { value: 'completed' } })
    await vi.waitFor(() => {
      const rows = screen.getAllByTestId('admin-interviews-row')
      expect(rows.map((row) => row.dataset.id)).toEqual(['i2'])
    })
    fireEvent.change(screen.getByTestId('admin-interviews-filter-outcome'), { target: { value: 'succeeded' } })
    expect(await screen.findByTestId('admin-interviews-empty')).toBeTruthy()
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain(
      '/api/interviews?status=completed&outcome=succeeded&page=1&pageSize=20',
    )
  })
})
