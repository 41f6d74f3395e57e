import { fireEvent, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { cara, interviewJson } from '@/features/interviews/fixtures'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { CHOICES_KEY } from './devices'
import { roomKeys } from './keys'
import { formatOpensAt } from './opening'
import type { PreviewSnapshot } from './preview'
import { RoomPage } from './RoomPage'

// The preview's tracks and the call itself need a real browser (the e2e suite covers them); here the page's own
// logic runs with both replaced.
const preview = vi.hoisted(() => {
  const snapshot: PreviewSnapshot = {
    camera: { track: null, error: null, pending: false },
    microphone: { track: null, error: null, pending: false },
  }
  return { snapshot, set: vi.fn(() => Promise.resolve()), close: vi.fn(), handOff: vi.fn(() => ({ camera: null, microphone: null })) }
})

vi.mock('./hooks/usePreviewMedia', () => ({
  usePreviewMedia: () => ({ ...preview.snapshot, media: { set: preview.set, close: preview.close, handOff: preview.handOff } }),
}))

// Memoized as the real CallView is: a render after Join would mean RoomPage passed it new props.
const renders = vi.hoisted(() => ({ count: 0 }))
vi.mock('./components/CallView', async () => {
  const { memo } = await import('react')
  return {
    CallView: memo(function CallView(props: { join: unknown }) {
      renders.count++
      return <pre data-testid="call-stub">{JSON.stringify({ join: props.join })}</pre>
    }),
  }
})

// What the call was started with (Join: the prepared call's start, or startCall when the grant was renewed).
const started = vi.hoisted(() => ({ calls: [] as { join: unknown; choices: Record<string, unknown>; via: string }[] }))
vi.mock('./connect', () => {
  const call = () => ({ room: {}, connecting: new Promise<void>(() => undefined), started: () => true })
  return {
    prepareCall: () => ({
      ...call(),
      start: (join: unknown, choices: Record<string, unknown>) => {
        started.calls.push({ join, choices, via: 'prepared' })
      },
    }),
    startCall: (join: unknown, choices: Record<string, unknown>) => {
      started.calls.push({ join, choices, via: 'startCall' })
      return call()
    },
  }
})

const minute = 60_000
const iso = (ms: number) => new Date(ms).toISOString()
const join = { url: 'ws://lk', token: 'tok', identity: cara.id, name: cara.name, role: 'candidate' }

function renderRoom() {
  return renderWithProviders(
    <Routes>
      <Route path="/interviews/:id/room" element={<RoomPage />} />
    </Routes>,
    { route: '/interviews/i1/room' },
  )
}

function routes(interview: object, joinAnswer: () => Response = () => jsonResponse(join)) {
  return stubFetch({
    '/api/me': () => jsonResponse(cara),
    '/api/interviews/i1': () => jsonResponse(interview),
    '/api/interviews/i1/attendance': () =>
      jsonResponse({
        attendance: [
          { userId: 'u-int', name: 'Ivan Interviewer', role: 'owner', joinedAt: iso(Date.now() - minute), leftAt: null },
          { userId: 'u-x', name: 'Left Early', role: 'interviewer', joinedAt: iso(Date.now() - 9 * minute), leftAt: iso(Date.now() - 5 * minute) },
        ],
      }),
    '/api/interviews/i1/join': joinAnswer,
  })
}

/** The call once Join shows it (before Join it is rendered ahead in an invisible, inert frame). */
async function shownCall(): Promise<HTMLElement> {
  return vi.waitFor(() => {
    const call = screen.getByTestId('call-stub')
    const frame = call.closest<HTMLElement>('[data-testid="call-frame"]')
    expect(frame?.dataset.shown).toBe('true')
    expect(frame?.classList.contains('invisible')).toBe(false)
    expect(frame?.hasAttribute('inert')).toBe(false)
    return call
  })
}

function callProps(): { join: typeof join; choices: Record<string, unknown> } {
  const shown = JSON.parse(screen.getByTestId('call-stub').textContent) as { join: typeof join }
  const start = started.calls.at(-1)
  expect(start?.join).toEqual(shown.join)
  return { join: shown.join, choices: start?.choices ?? {} }
}

beforeEach(() => {
  preview.snapshot = {
    camera: { track: null, error: null, pending: false },
    microphone: { track: null, error: null, pending: false },
  }
  preview.set.mockClear()
  preview.close.mockClear()
  preview.handOff.mockClear()
  started.calls = []
  renders.count = 0
})

describe('RoomPage setup', () => {
  it('shows the interview and who is in the call, and joins with the token the server gives', async () => {
    const fetchMock = routes(interviewJson({ status: 'live' }))
    renderRoom()

    expect((await screen.findByTestId('setup-title')).textContent).toBe('Systems round')
    expect((await screen.findByTestId('setup-in-call')).textContent).toBe('In the call now: Ivan Interviewer.')
    expect(screen.queryByTestId('setup-error')).toBeNull()

    fireEvent.click(screen.getByTestId('setup-join'))
    await shownCall()
    expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/interviews/i1/join' && init?.method === 'POST')).toBe(true)
    expect(callProps().join).toEqual(join)
    expect(callProps().choices).toMatchObject({ videoEnabled: true, audioEnabled: true })
    // The preview's tracks are handed to the call (it publishes them instead of opening the devices again).
    expect(preview.handOff).toHaveBeenCalled()
  })

  it('fetches the join grant ahead while the call is open, so Join connects without asking again', async () => {
    const fetchMock = routes(interviewJson({ status: 'live' }))
    const joinPosts = () => fetchMock.mock.calls.filter(([url, init]) => url === '/api/interviews/i1/join' && init?.method === 'POST').length
    const { queryClient } = renderRoom()
    await screen.findByTestId('setup-title')
    // The grant has arrived: Join hands it to the call at once.
    await vi.waitFor(() => {
      expect(queryClient.getQueryData(roomKeys.join('i1'))).toEqual(join)
    })
    expect(joinPosts()).toBe(1)
    fireEvent.click(screen.getByTestId('setup-join'))
    await shownCall()
    expect(callProps().join).toEqual(join)
    expect(joinPosts()).toBe(1)
  })

  it('renders the call ahead, invisible and inert, once the grant is at hand; Join starts that call and shows it without rendering it again', async () => {
    routes(interviewJson({ status: 'live' }))
    renderRoom()
    const hidden = await screen.findByTestId('call-stub')
    const frame = hidden.closest<HTMLElement>('[data-testid="call-frame"]')
    expect(frame?.classList.contains('invisible')).toBe(true)
    expect(frame?.hasAttribute('inert')).toBe(true)
    expect(screen.getByTestId('setup-page')).toBeTruthy()
    const before = renders.count
    expect(before).toBeGreaterThan(0)

    fireEvent.click(screen.getByTestId('setup-join'))
    expect(await shownCall()).toBe(hidden)
    expect(started.calls.map((call) => call.via)).toEqual(['prepared'])
    expect(renders.count).toBe(before)
    expect(screen.queryByTestId('setup-page')).toBeNull()
  })

  it('does not fetch a grant before the call opens', async () => {
    const startsAt = Date.now() + 60 * minute
    const fetchMock = routes(interviewJson({ status: 'upcoming', startsAt: iso(startsAt), endsAt: iso(startsAt + 60 * minute) }))
    const { queryClient } = renderRoom()
    await screen.findByTestId('setup-opens-at')
    // The grant's query is there but disabled: an enabled one would be fetching from its first render.
    const state = queryClient.getQueryState(roomKeys.join('i1'))
    expect(state?.fetchStatus).toBe('idle')
    expect(state?.dataUpdatedAt).toBe(0)
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/interviews/i1/join')).toBe(false)
  })

  it('says when the call opens, in local time, and still shows the server’s answer when it says no', async () => {
    const startsAt = Date.now() + 60 * minute
    routes(interviewJson({ status: 'upcoming', startsAt: iso(startsAt), endsAt: iso(startsAt + 60 * minute) }), () =>
      jsonResponse({ error: 'The call opens at 12:45 UTC, 15 minutes before the start.' }, 409),
    )
    renderRoom()

    const notice = await screen.findByTestId('setup-opens-at')
    expect(notice.textContent).toContain(`The call opens at ${formatOpensAt(new Date(startsAt - 15 * minute), new Date())}`)
    fireEvent.click(screen.getByTestId('setup-join'))
    expect((await screen.findByTestId('setup-join-error')).textContent).toContain('The call opens at 12:45 UTC')
    expect(screen.queryByTestId('call-stub')).toBeNull()
  })

  it('explains a missing camera and joins without it', async () => {
    preview.snapshot = {
      camera: { track: null, error: 'none', pending: false },
      microphone: { track: null, error: null, pending: false },
    }
    routes(interviewJson({ status: 'live' }))
    renderRoom()

    const error = await screen.findByTestId('setup-error')
    expect(error.dataset.kind).toBe('none')
    expect(within(error).getByText('No camera found')).toBeTruthy()
    expect(screen.getByTestId('setup-summary').textContent).toBe('You join with your microphone on and no camera.')
    fireEvent.click(screen.getByTestId('setup-join'))
    await shownCall()
    expect(callProps().choices).toMatchObject({ videoEnabled: false, audioEnabled: true })
  })

  it('explains a denied permission for both devices in one message', async () => {
    preview.snapshot = {
      camera: { track: null, error: 'denied', pending: false },
      microphone: { track: null, error: 'denied', pending: false },
    }
    routes(interviewJson({ status: 'live' }))
    renderRoom()
    const errors = await screen.findAllByTestId('setup-error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.dataset.kind).toBe('denied')
    expect(errors[0]?.textContent).toContain('Camera and microphone are blocked')
  })

  it('turns the camera off and on through the preview, and remembers it in this browser', async () => {
    routes(interviewJson({ status: 'live' }))
    renderRoom()
    const toggle = await screen.findByTestId('setup-camera-toggle')
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(toggle)
    expect(preview.set).toHaveBeenLastCalledWith('camera', false)
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    expect(JSON.parse(localStorage.getItem(CHOICES_KEY) ?? '{}')).toMatchObject({ videoEnabled: false, audioEnabled: true })
    fireEvent.click(screen.getByTestId('setup-mic-toggle'))
    expect(preview.set).toHaveBeenLastCalledWith('microphone', false)
    expect(screen.getByTestId('setup-summary').textContent).toBe('You join with no camera and no microphone; you can still chat.')
  })

  it('starts from the remembered choices', async () => {
    localStorage.setItem(CHOICES_KEY, JSON.stringify({ videoEnabled: false, audioEnabled: true, videoDeviceId: 'cam-2' }))
    routes(interviewJson({ status: 'live' }))
    renderRoom()
    expect((await screen.findByTestId('setup-camera-toggle')).getAttribute('aria-pressed')).toBe('false')
    expect(screen.getByTestId('setup-mic-toggle').getAttribute('aria-pressed')).toBe('true')
  })

  it('offers no Join for a cancelled interview', async () => {
    routes(interviewJson({ status: 'cancelled' }))
    renderRoom()
    await screen.findByTestId('setup-cancelled')
    expect(screen.queryByTestId('setup-join')).toBeNull()
  })

  it('says the interview is not found when the server refuses it', async () => {
    stubFetch({
      '/api/me': () => jsonResponse(cara),
      '/api/interviews/i1': () => jsonResponse({ error: 'Forbidden' }, 403),
    })
    renderRoom()
    expect(await screen.findByText('Interview not found')).toBeTruthy()
    expect(screen.queryByTestId('setup-page')).toBeNull()
  })
})
