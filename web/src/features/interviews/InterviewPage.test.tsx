import type { QueryClient } from '@tanstack/react-query'
import { fireEvent, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { recordingJson, recordingListJson } from '@/features/recordings/fixtures'
import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { cara, grace, interviewJson, ivan } from './fixtures'
import { InterviewPage } from './InterviewPage'
import { interviewKeys } from './keys'

const comment = {
  id: 'c1',
  author: { id: ivan.id, email: ivan.email, name: ivan.name, avatarUrl: '' },
  content: 'Clear thinking about trade-offs.',
  rating: 4,
  createdAt: '2026-12-01T14:05:00Z',
}

function renderPage() {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/interviews/:id" element={<InterviewPage />} />
      </Routes>
      <Toaster />
    </>,
    { route: '/interviews/i1' },
  )
}

function requested(fetchMock: ReturnType<typeof stubFetch>, fragment: string): boolean {
  return fetchMock.mock.calls.some(([url]) => typeof url === 'string' && url.includes(fragment))
}

/** Whether the comments query of i1 has ever started: it exists and is fetching, or has fetched before. */
function commentsQueryStarted(queryClient: QueryClient): boolean {
  const query = queryClient.getQueryCache().find({ queryKey: interviewKeys.comments('i1') })
  if (!query) return false
  return query.state.fetchStatus !== 'idle' || query.state.dataUpdateCount + query.state.errorUpdateCount > 0
}

describe('InterviewPage', () => {
  it('never requests comments for a candidate, and shows no comment, rating or outcome controls', async () => {
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(cara),
      '/api/interviews/i1': () => jsonResponse(interviewJson({ status: 'completed' })),
      '/api/interviews/i1/chat': () => jsonResponse({ messages: [] }),
      '/api/interviews/i1/attendance': () => jsonResponse({ attendance: [] }),
    })
    const { queryClient } = renderPage()

    // The page renders once both the interview and the viewer are known: everything it shows depends on them.
    expect((await screen.findByTestId('interview-title')).textContent).toBe('Systems round')
    expect(screen.getByTestId('interview-status').dataset.status).toBe('completed')
    expect(screen.getByTestId('join-area').dataset.state).toBe('ended')
    expect(screen.queryByTestId('interview-join')).toBeNull()
    // A query starts as its component mounts; wait until every query the page started has settled.
    await vi.waitFor(() => {
      expect(queryClient.isFetching()).toBe(0)
    })
    expect(commentsQueryStarted(queryClient)).toBe(false)
    expect(requested(fetchMock, '/comments')).toBe(false)
    expect(screen.queryByTestId('comments')).toBeNull()
    expect(screen.queryByTestId('comment-content')).toBeNull()
    expect(screen.queryByTestId('comment-rating-5')).toBeNull()
    expect(screen.queryByTestId('outcome-failed')).toBeNull()
    expect(screen.queryByTestId('outcome-succeeded')).toBeNull()
    expect(screen.queryByTestId('interview-outcome')).toBeNull()
    expect(screen.queryByTestId('interview-edit')).toBeNull()
    expect(screen.queryByTestId('interview-cancel')).toBeNull()
    // Recordings are for interviewers and admins: a candidate never asks for them (403), nor sees the replay link.
    expect(requested(fetchMock, '/recordings')).toBe(false)
    expect(screen.queryByTestId('recordings')).toBeNull()
    expect(screen.queryByTestId('open-replay')).toBeNull()
  })

  it('shows an interviewer on it the recordings and the replay link', async () => {
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(ivan),
      '/api/interviews/i1': () => jsonResponse(interviewJson({ status: 'completed' })),
      '/api/interviews/i1/comments': () => jsonResponse({ comments: [] }),
      '/api/interviews/i1/recordings': () =>
        jsonResponse(recordingListJson({ recordings: [recordingJson({ id: 'r1' })], canControl: false, canDelete: false })),
    })
    renderPage()

    const section = await screen.findByTestId('recordings')
    const row = await within(section).findByTestId('recording-row')
    expect(row.dataset.id).toBe('r1')
    expect(row.dataset.state).toBe('ready')
    expect(within(row).getByTestId('recording-player').getAttribute('src')).toBe('/api/recordings/r1/media')
    expect(within(section).getByTestId('open-replay').getAttribute('href')).toBe('/interviews/i1/replay')
    // Neither the owner's switch nor the admin's delete for this interviewer (the server says so).
    expect(within(section).queryByTestId('auto-record')).toBeNull()
    expect(within(section).queryByTestId('recording-delete')).toBeNull()
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/interviews/i1/recordings')).toHaveLength(1)
  })

  it('shows an owner who is not on the panel the outcome and recordings, but no comments or outcome buttons', async () => {
    const panel = { id: 'u-other', email: 'olga@example.com', name: 'Olga Other', avatarUrl: '' }
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(ivan),
      '/api/interviews/i1': () =>
        jsonResponse(interviewJson({ status: 'completed', outcome: 'succeeded', interviewers: [panel] })),
      '/api/interviews/i1/chat': () => jsonResponse({ messages: [] }),
      '/api/interviews/i1/attendance': () => jsonResponse({ attendance: [] }),
      '/api/interviews/i1/recordings': () => jsonResponse(recordingListJson({ recordings: [], canControl: true, canDelete: false })),
    })
    const { queryClient } = renderPage()

    await screen.findByTestId('recordings')
    expect(screen.getByTestId('interview-outcome').dataset.outcome).toBe('succeeded')
    await vi.waitFor(() => {
      expect(queryClient.isFetching()).toBe(0)
    })
    // The server answers 403 to both (schedule's canReview): the page must not ask, nor show "Something went wrong".
    expect(requested(fetchMock, '/comments')).toBe(false)
    expect(screen.queryByTestId('comments')).toBeNull()
    expect(screen.queryByTestId('outcome-succeeded')).toBeNull()
  })

  it('lets an interviewer on it comment with a rating and set the outcome once it has started', async () => {
    let comments = [comment]
    let outcome: string | null = null
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(ivan),
      '/api/interviews/i1': () => jsonResponse(interviewJson({ status: 'live', outcome })),
      '/api/interviews/i1/comments': (init) => {
        if (init?.method === 'POST') {
          const body = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as { content: string; rating: number }
          const added = { ...comment, id: 'c2', ...body }
          comments = [...comments, added]
          return jsonResponse(added, 201)
        }
        return jsonResponse({ comments })
      },
      '/api/interviews/i1/outcome': (init) => {
        outcome = (JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { outcome: string }).outcome
        return jsonResponse(interviewJson({ status: 'live', outcome }))
      },
    })
    renderPage()

    expect(await screen.findByTestId('comment')).toBeTruthy()
    expect(screen.getByTestId('interview-outcome').dataset.outcome).toBe('')

    fireEvent.change(screen.getByTestId('comment-content'), { target: { value: 'Strong on testing.' } })
    fireEvent.click(screen.getByTestId('comment-rating-5'))
    fireEvent.click(screen.getByTestId('comment-submit'))
    await vi.waitFor(() => {
      expect(screen.getAllByTestId('comment')).toHaveLength(2)
    })
    const post = fetchMock.mock.calls.find(([url, init]) => url === '/api/interviews/i1/comments' && init?.method === 'POST')
    expect(post?.[1]?.body).toBe(JSON.stringify({ content: 'Strong on testing.', rating: 5 }))
    expect(screen.getByTestId<HTMLTextAreaElement>('comment-content').value).toBe('')

    fireEvent.click(screen.getByTestId('outcome-succeeded'))
    await vi.waitFor(() => {
      expect(screen.getByTestId('interview-outcome').dataset.outcome).toBe('succeeded')
    })
    const put = fetchMock.mock.calls.find(([url]) => url === '/api/interviews/i1/outcome')
    expect(put?.[1]?.method).toBe('PUT')
  })

  it('shows the rating error from the server next to the stars and keeps the comment', async () => {
    stubFetch({
      '/api/me': () => jsonResponse(grace),
      '/api/interviews/i1': () => jsonResponse(interviewJson({ status: 'completed' })),
      '/api/interviews/i1/comments': (init) =>
        init?.method === 'POST'
          ? jsonResponse({ error: 'invalid input', fields: { rating: 'must be between 1 and 5' } }, 400)
          : jsonResponse({ comments: [] }),
    })
    renderPage()
    await screen.findByTestId('comments-empty')
    fireEvent.change(screen.getByTestId('comment-content'), { target: { value: 'Good.' } })
    fireEvent.click(screen.getByTestId('comment-rating-3'))
    fireEvent.click(screen.getByTestId('comment-submit'))
    expect((await screen.findByTestId('field-error-rating')).textContent).toBe('Must be between 1 and 5')
    expect(screen.getByTestId<HTMLTextAreaElement>('comment-content').value).toBe('Good.')
  })

  it('hides outcome buttons before the interview starts, and cancels after confirmation', async () => {
    let status = 'upcoming'
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(ivan),
      '/api/interviews/i1': (init) => {
        if (init?.method === 'DELETE') status = 'cancelled'
        return jsonResponse(interviewJson({ status }))
      },
      '/api/interviews/i1/comments': () => jsonResponse({ comments: [] }),
    })
    renderPage()
    await screen.findByTestId('interview-title')
    expect(screen.queryByTestId('outcome-failed')).toBeNull()
    expect(screen.getByTestId('interview-edit').getAttribute('href')).toBe('/interviews/i1/edit')

    fireEvent.click(screen.getByTestId('interview-cancel'))
    const dialog = await screen.findByTestId('confirm-dialog')
    fireEvent.click(within(dialog).getByTestId('confirm-yes'))
    await vi.waitFor(() => {
      expect(screen.getByTestId('interview-status').dataset.status).toBe('cancelled')
    })
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/interviews/i1' && init?.method === 'DELETE')).toBe(true)
    expect(screen.queryByTestId('interview-cancel')).toBeNull()
  })
})
