import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { cara, interviewJson, ivan } from '@/features/interviews/fixtures'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { DashboardPage } from './DashboardPage'

const hour = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

function dashboard() {
  const now = Date.now()
  return {
    live: [interviewJson({ id: 'live1', status: 'live', startsAt: iso(now - hour / 2), endsAt: iso(now + hour / 2) })],
    upcoming: [
      interviewJson({ id: 'up1', status: 'upcoming', startsAt: iso(now + 2 * hour), endsAt: iso(now + 3 * hour) }),
      // Starts in 10 minutes: its call opened 5 minutes ago.
      interviewJson({ id: 'soon1', status: 'upcoming', startsAt: iso(now + hour / 6), endsAt: iso(now + hour) }),
    ],
    past: [
      interviewJson({
        id: 'past1',
        status: 'completed',
        outcome: 'succeeded',
        startsAt: iso(now - 26 * hour),
        endsAt: iso(now - 25 * hour),
        recording: { count: 2, state: 'ready', durationSeconds: 2712, sizeBytes: 96_000_000 },
      }),
    ],
  }
}

describe('DashboardPage', () => {
  it('groups interviews into live, upcoming and past, with "Join call" where the call is open', async () => {
    stubFetch({ '/api/me': () => jsonResponse(cara), '/api/dashboard': () => jsonResponse(dashboard()) })
    renderWithProviders(<DashboardPage />)

    const live = await screen.findByTestId('dashboard-live')
    const card = within(live).getByTestId('interview-card')
    expect(card.dataset.id).toBe('live1')
    expect(card.dataset.status).toBe('live')
    // Each card links to its own interview, and "Join call" to that interview's room (ids differ per card).
    expect(within(card).getByTestId('interview-card-link').getAttribute('href')).toBe('/interviews/live1')
    const join = within(card).getByTestId('interview-join')
    expect(join.getAttribute('href')).toBe('/interviews/live1/room')
    expect(join.textContent).toBe('Join call')

    const [upcoming, soon] = within(screen.getByTestId('dashboard-upcoming')).getAllByTestId('interview-card')
    if (!upcoming || !soon) throw new Error('expected two upcoming cards')
    expect(upcoming.dataset.id).toBe('up1')
    expect(within(upcoming).getByTestId('interview-card-link').getAttribute('href')).toBe('/interviews/up1')
    expect(within(upcoming).getByTestId('interview-card-relative').textContent).toBe('starts in 2 hours')
    expect(within(upcoming).getByTestId('interview-card-time').textContent).toMatch(/\(.+\)$/)
    // The call opens 15 minutes before the start: not yet for up1, already for soon1.
    expect(within(upcoming).queryByTestId('interview-join')).toBeNull()
    expect(soon.dataset.id).toBe('soon1')
    expect(within(soon).getByTestId('interview-join').getAttribute('href')).toBe('/interviews/soon1/room')

    const past = within(screen.getByTestId('dashboard-past')).getByTestId('interview-card')
    expect(past.dataset.id).toBe('past1')
    expect(within(past).getByTestId('interview-card-link').getAttribute('href')).toBe('/interviews/past1')
    expect(past.dataset.status).toBe('completed')
    expect(past.textContent).toContain('Succeeded')
    // Its recording (the server sends it to interviewers and admins only): length, size, how many.
    const recording = within(past).getByTestId('interview-card-recording')
    expect(recording.dataset.state).toBe('ready')
    expect(recording.textContent).toBe('Recorded·45:12·91.6 MB·2 recordings')
    expect(within(card).queryByTestId('interview-card-recording')).toBeNull()

    // A candidate cannot schedule.
    expect(screen.queryByTestId('schedule-button')).toBeNull()
    expect(screen.queryByTestId('instant-button')).toBeNull()
  })

  it('offers scheduling to interviewers and says what to do when there is nothing', async () => {
    stubFetch({
      '/api/me': () => jsonResponse(ivan),
      '/api/dashboard': () => jsonResponse({ live: [], upcoming: [], past: [] }),
    })
    renderWithProviders(<DashboardPage />)

    expect((await screen.findByTestId('dashboard-upcoming-empty')).textContent).toContain('Schedule interview')
    expect(screen.getByTestId('dashboard-live-empty')).toBeTruthy()
    expect(screen.getByTestId('dashboard-past-empty')).toBeTruthy()
    expect(screen.getByTestId('schedule-button').getAttribute('href')).toBe('/interviews/new')
    expect(screen.getByTestId('instant-button')).toBeTruthy()
    expect(screen.getByTestId('dashboard-greeting').dataset.role).toBe('interviewer')
  })
})
