import { screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { formatOpensAt } from '@/features/room/opening'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { cara, interviewJson, ivan } from './fixtures'
import { InterviewPage } from './InterviewPage'

const minute = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

function renderPage(state?: unknown) {
  return renderWithProviders(
    <Routes>
      <Route path="/interviews/:id" element={<InterviewPage />} />
    </Routes>,
    { route: '/interviews/i1', state },
  )
}

function routes(interview: object, extra: Record<string, () => Response> = {}) {
  return stubFetch({
    '/api/me': () => jsonResponse(cara),
    '/api/interviews/i1': () => jsonResponse(interview),
    '/api/interviews/i1/chat': () => jsonResponse({ messages: [] }),
    '/api/interviews/i1/attendance': () => jsonResponse({ attendance: [] }),
    ...extra,
  })
}

describe('InterviewPage: the call', () => {
  it('says when the call opens, in local time, 15 minutes before the start, and offers the setup page', async () => {
    const startsAt = Date.now() + 120 * minute
    routes(interviewJson({ status: 'upcoming', startsAt: iso(startsAt), endsAt: iso(startsAt + 60 * minute) }))
    renderPage()

    const area = await screen.findByTestId('join-area')
    expect(area.dataset.state).toBe('early')
    const opensAt = formatOpensAt(new Date(startsAt - 15 * minute), new Date())
    expect(within(area).getByTestId('join-area-headline').textContent).toBe(`The call opens at ${opensAt}`)
    const link = within(area).getByTestId('interview-join')
    expect(link.getAttribute('href')).toBe('/interviews/i1/room')
    expect(link.textContent).toBe('Check camera and microphone')
  })

  it('offers "Join call" once it is open, and nothing for a cancelled interview', async () => {
    const startsAt = Date.now() + 10 * minute
    routes(interviewJson({ status: 'upcoming', startsAt: iso(startsAt), endsAt: iso(startsAt + 60 * minute) }))
    const view = renderPage()
    const join = await screen.findByTestId('interview-join')
    expect(join.textContent).toBe('Join call')
    expect(screen.getByTestId('join-area').dataset.state).toBe('open')
    view.unmount()

    routes(interviewJson({ status: 'cancelled' }))
    renderPage()
    expect((await screen.findByTestId('join-area')).dataset.state).toBe('cancelled')
    expect(screen.queryByTestId('interview-join')).toBeNull()
  })

  it('shows the kept chat and the attendance after the call', async () => {
    routes(
      interviewJson({ status: 'completed', callStartedAt: '2026-12-01T13:01:00Z', callEndedAt: '2026-12-01T13:58:00Z' }),
      {
        '/api/interviews/i1/chat': () =>
          jsonResponse({
            messages: [
              { id: 'm2', userId: cara.id, name: cara.name, text: 'Thanks!', sentAt: '2026-12-01T13:40:00Z' },
              { id: 'm1', userId: ivan.id, name: ivan.name, text: 'Welcome, Cara.', sentAt: '2026-12-01T13:02:00Z' },
            ],
          }),
        '/api/interviews/i1/attendance': () =>
          jsonResponse({
            attendance: [
              { userId: ivan.id, name: ivan.name, role: 'owner', joinedAt: '2026-12-01T13:01:00Z', leftAt: '2026-12-01T13:58:00Z' },
              { userId: cara.id, name: cara.name, role: 'candidate', joinedAt: '2026-12-01T13:02:00Z', leftAt: null },
            ],
          }),
      },
    )
    renderPage()

    const messages = await screen.findAllByTestId('chat-history-message')
    // Oldest first, whatever order the server sent; the viewer's own message says "You".
    expect(messages.map((m) => m.dataset.id)).toEqual(['m1', 'm2'])
    expect(messages[1]?.textContent).toContain('You')
    const rows = await screen.findAllByTestId('attendance-row')
    expect(rows.map((row) => row.dataset.userId)).toEqual([ivan.id, cara.id])
    expect(rows[0]?.textContent).toContain('Host')
    expect(rows[1]?.textContent).toContain('still in the call')
    expect(screen.getByTestId('join-area').textContent).toMatch(/The call ran .+–/)
  })

  it('shows who ended the call when the room sends the viewer back here', async () => {
    routes(interviewJson({ status: 'completed' }))
    renderPage({ callExit: { kind: 'ended', by: 'Ivan Interviewer' } })
    expect((await screen.findByTestId('room-ended-notice')).textContent).toContain('Ivan Interviewer ended the call.')
  })

  it('names who ended the call from the interview when the room could not', async () => {
    routes(interviewJson({ status: 'completed', callEndedBy: { id: ivan.id, email: ivan.email, name: ivan.name, avatarUrl: '' } }))
    renderPage({ callExit: { kind: 'ended', by: null } })
    expect((await screen.findByTestId('room-ended-notice')).textContent).toContain('Ivan Interviewer ended the call.')
  })

  it('shows nothing of the call record when the server refuses it', async () => {
    routes(interviewJson({ status: 'completed' }), {
      '/api/interviews/i1/chat': () => jsonResponse({ error: 'Forbidden' }, 403),
      '/api/interviews/i1/attendance': () => jsonResponse({ error: 'Forbidden' }, 403),
    })
    const { queryClient } = renderPage()
    await screen.findByTestId('join-area')
    await vi.waitFor(() => {
      expect(queryClient.isFetching()).toBe(0)
    })
    expect(screen.queryByTestId('chat-history')).toBeNull()
    expect(screen.queryByTestId('attendance')).toBeNull()
  })
})
