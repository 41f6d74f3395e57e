import * as A from '@automerge/automerge'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { useLocation } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { AppRoutes } from '@/App'
import { cara, interviewJson, ivan } from '@/features/interviews/fixtures'
import type { CodeDoc, NotesDoc, ProblemDoc } from '@/features/workspace/schema'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

const T0 = 1_800_000_000
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
const SERVER = '5e5e5e5e'
const CARA = 'caca0000'
const IVAN = '1a1a0000'

function documents() {
  // The server creates the documents a day ahead (automerge-go writes milliseconds).
  let code = A.change(A.init<CodeDoc>({ actor: SERVER }), { time: (T0 - 86_400) * 1000, message: 'create' }, (d) => {
    d.language = 'python'
    d.source = '# start\n'
    d.problemId = 'p1'
  })
  code = A.change(A.clone(code, CARA), { time: T0 + 10 }, (d) => {
    A.splice(d, ['source'], d.source.length, 0, 'def f():\n')
  })
  code = A.change(A.clone(code, IVAN), { time: T0 + 20 }, (d) => {
    A.splice(d, ['source'], d.source.length, 0, '    return 1\n')
  })
  let problem = A.change(A.init<ProblemDoc>({ actor: SERVER }), { time: (T0 - 86_400) * 1000, message: 'create' }, (d) => {
    d.title = 'Two sum'
    d.statement = 'Find **two** numbers.'
    d.starter = { python: '# start\n' }
  })
  problem = A.change(A.clone(problem, IVAN), { time: T0 + 40 }, (d) => {
    d.title = 'Three sum'
  })
  let notes = A.change(A.init<NotesDoc>({ actor: SERVER }), { time: (T0 - 86_400) * 1000, message: 'create' }, (d) => {
    d.text = ''
  })
  notes = A.change(A.clone(notes, IVAN), { time: T0 + 25 }, (d) => {
    A.splice(d, ['text'], 0, 0, 'Solid start.')
  })
  return { code, problem, notes }
}

function binary<T>(doc: A.Doc<T>) {
  const bytes = A.save(doc)
  return () => new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'application/octet-stream' } })
}

function stubReplay(me: typeof ivan | typeof cara, recordings: object[] = []) {
  const { code, problem, notes } = documents()
  const authors = { authors: { [SERVER]: '', [CARA]: cara.id, [IVAN]: ivan.id }, changes: [] }
  return stubFetch({
    '/api/config': () => jsonResponse({ mode: 'serve', version: '0.1.0', features: {} }),
    '/api/health': () => jsonResponse({ status: 'up', components: {} }),
    '/api/me': () => jsonResponse(me),
    '/api/interviews/i1': () =>
      jsonResponse(
        interviewJson({
          status: 'completed',
          docs: { code: 'automerge:CODE', problem: 'automerge:PROB', notes: 'automerge:NOTES' },
          callStartedAt: iso(T0),
          callEndedAt: iso(T0 + 60),
        }),
      ),
    '/api/collab/docs/CODE/binary': binary(code),
    '/api/collab/docs/CODE/history': () => jsonResponse(authors),
    '/api/collab/docs/PROB/binary': binary(problem),
    '/api/collab/docs/PROB/history': () => jsonResponse(authors),
    '/api/collab/docs/NOTES/binary': binary(notes),
    '/api/collab/docs/NOTES/history': () => jsonResponse(authors),
    '/api/interviews/i1/recordings': () => jsonResponse({ recordings }),
    '/api/interviews/i1/chat': () =>
      jsonResponse({ messages: [{ id: 'm1', userId: ivan.id, name: ivan.name, text: 'Talk me through it', sentAt: iso(T0 + 12) }] }),
    '/api/interviews/i1/signals': () =>
      jsonResponse({ signals: [{ id: 's1', userId: cara.id, name: cara.name, kind: 'paste', chars: 120, at: iso(T0 + 30) }] }),
    '/api/interviews/i1/runs': () => jsonResponse({ runs: [] }),
  })
}

function LocationProbe() {
  const location = useLocation()
  return <output data-testid="location">{location.search}</output>
}

/** requestAnimationFrame under the test's control: `frame(ms)` runs the queued callbacks `ms` after the last. */
function manualFrames() {
  let queue: FrameRequestCallback[] = []
  let now = performance.now()
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    queue.push(callback)
    return queue.length
  })
  vi.stubGlobal('cancelAnimationFrame', () => {
    queue = []
  })
  return (ms: number) => {
    now = Math.max(now, performance.now()) + ms
    const callbacks = queue
    queue = []
    act(() => {
      for (const callback of callbacks) callback(now)
    })
  }
}

// Loading Automerge's documents and the page's lazy parts is slow on a busy machine.
describe('ReplayPage', { timeout: 30_000 }, () => {
  it('opens at ?t with the code, its authors, the chat and the notes as they were then', async () => {
    stubReplay(ivan)
    renderWithProviders(<AppRoutes />, { route: '/interviews/i1/replay?t=15' })

    const code = await screen.findByTestId('replay-code', {}, { timeout: 15_000 })
    expect(code.textContent).toBe('# start\ndef f():\n')
    expect(screen.getByTestId('replay').getAttribute('data-start')).toBe(iso(T0))
    const authors = screen.getAllByTestId('replay-author').map((span) => [span.getAttribute('data-author'), span.textContent])
    expect(authors).toEqual([
      ['', '# start\n'],
      [cara.id, 'def f():\n'],
    ])
    expect(screen.getByTestId('replay-no-recording').textContent).toContain('No recording')
    expect(screen.getByTestId('replay-slider').getAttribute('aria-valuenow')).toBe('15')
    expect(screen.getByTestId('replay-time').textContent).toContain('0:15 / 1:00')
    expect(screen.getByTestId('replay-chat').textContent).toContain('Talk me through it')
    expect(screen.getByTestId('replay-notes').textContent).toContain('No notes yet')
    expect(screen.getByTestId('replay-problem').textContent).toContain('Two sum')
    const marks = screen.getAllByTestId('replay-mark').map((mark) => [mark.getAttribute('data-kind'), mark.getAttribute('data-at')])
    expect(marks).toEqual([
      ['chat', '12'],
      ['paste', '30'],
    ])
  })

  it('moves the time with the keyboard: arrows ±1 s, Page Up/Down ±10 s, Home and End', async () => {
    stubReplay(ivan)
    renderWithProviders(
      <>
        <AppRoutes />
        <LocationProbe />
      </>,
      { route: '/interviews/i1/replay?t=15' },
    )
    const slider = await screen.findByTestId('replay-slider', {}, { timeout: 15_000 })
    const now = () => slider.getAttribute('aria-valuenow')

    fireEvent.keyDown(slider, { key: 'ArrowRight' })
    expect(now()).toBe('16')
    fireEvent.keyDown(slider, { key: 'PageUp' })
    fireEvent.keyUp(slider, { key: 'PageUp' })
    expect(now()).toBe('26')
    // The scrub ended: the URL keeps the time (replaced, not pushed).
    expect(screen.getByTestId('location').textContent).toBe('?t=26')
    expect(screen.getByTestId('replay-code').textContent).toBe('# start\ndef f():\n    return 1\n')
    expect(screen.getAllByTestId('replay-author').map((span) => span.getAttribute('data-author'))).toEqual(['', cara.id, ivan.id])
    expect(screen.getByTestId('replay-notes').textContent).toContain('Solid start.')
    fireEvent.keyDown(slider, { key: 'ArrowLeft' })
    fireEvent.keyDown(slider, { key: 'PageDown' })
    expect(now()).toBe('15')
    fireEvent.keyDown(slider, { key: 'End' })
    expect(now()).toBe('60')
    expect(screen.getByTestId('replay-problem').textContent).toContain('Three sum')
    fireEvent.keyDown(slider, { key: 'Home' })
    expect(now()).toBe('0')
    expect(screen.getByTestId('replay-code').textContent).toBe('# start\n')
    expect(screen.getByTestId('replay-chat').textContent).not.toContain('Talk me through it')

    // A mark jumps there.
    const paste = screen.getAllByTestId('replay-mark').find((mark) => mark.getAttribute('data-kind') === 'paste')
    expect(paste).toBeDefined()
    if (paste) fireEvent.click(paste)
    expect(now()).toBe('30')
  })

  it('is for interviewers and admins only: a candidate gets the 403 page and no documents are fetched', async () => {
    const fetchMock = stubReplay(cara)
    renderWithProviders(<AppRoutes />, { route: '/interviews/i1/replay' })
    expect(await screen.findByTestId('forbidden')).toBeTruthy()
    const urls = () => fetchMock.mock.calls.map(([url]) => (typeof url === 'string' ? url : ''))
    await waitFor(() => {
      expect(urls()).toContain('/api/me')
    })
    expect(urls().some((url) => url.startsWith('/api/collab/') || url.startsWith('/api/interviews/'))).toBe(false)
    expect(screen.queryByTestId('replay')).toBeNull()
  })

  it('plays on a timer without a recording, at the chosen speed, and skips idle stretches', async () => {
    stubReplay(ivan)
    const frame = manualFrames()
    renderWithProviders(<AppRoutes />, { route: '/interviews/i1/replay?t=10' })
    const slider = await screen.findByTestId('replay-slider', {}, { timeout: 15_000 })
    const now = () => Number(slider.getAttribute('aria-valuenow'))

    fireEvent.change(screen.getByTestId('replay-speed'), { target: { value: '4' } })
    fireEvent.click(screen.getByTestId('replay-play'))
    frame(0)
    frame(500)
    expect(now()).toBe(12)
    fireEvent.click(screen.getByTestId('replay-play'))
    expect(screen.getByTestId('replay-play').textContent).toContain('Play')

    // 25–40 has no activity (the notes at 25, the problem at 40; a paste is not activity): idle without a recording.
    fireEvent.keyDown(slider, { key: 'PageUp' })
    for (let i = 0; i < 4; i++) fireEvent.keyDown(slider, { key: 'ArrowRight' })
    expect(now()).toBe(26)
    fireEvent.click(screen.getByTestId('replay-skip-idle'))
    expect(screen.getByTestId('replay-skip-idle').getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(screen.getByTestId('replay-play'))
    frame(0)
    expect(now()).toBe(40)
    expect(screen.getByTestId('replay-problem').textContent).toContain('Three sum')
    // 40–60 is idle too: on to the end, where playback stops.
    frame(100)
    expect(now()).toBe(60)
    expect(screen.getByTestId('replay-play').textContent).toContain('Play')
  })

  it('plays the newest ready recording, and offers the others', async () => {
    const recording = (id: string, start: number, mediaUrl: string | null) => ({
      id,
      state: mediaUrl ? 'ready' : 'composing',
      startedAt: iso(start),
      endedAt: iso(start + 30),
      durationSeconds: 30,
      sizeBytes: 1000,
      mediaUrl,
      silences: [{ start: 0, end: 8 }],
      reactions: [{ at: iso(start + 3), userId: cara.id, name: cara.name, reaction: 'thumbs-up' }],
    })
    stubReplay(ivan, [recording('old', T0, '/media/old.mp4'), recording('new', T0 + 20, '/media/new.mp4'), recording('wip', T0 + 40, null)])
    renderWithProviders(<AppRoutes />, { route: '/interviews/i1/replay' })
    const video = await screen.findByTestId('replay-video', {}, { timeout: 15_000 })
    expect(video.getAttribute('src')).toBe('/media/new.mp4')
    const picker = screen.getByTestId('replay-recording')
    expect(picker.querySelectorAll('option')).toHaveLength(2)
    fireEvent.change(picker, { target: { value: 'old' } })
    expect(screen.getByTestId('replay-video').getAttribute('src')).toBe('/media/old.mp4')
    // Both ready recordings' reactions are marks; the span reaches the newest's end (T0 + 50).
    expect(screen.getAllByTestId('replay-mark').filter((mark) => mark.getAttribute('data-kind') === 'reaction')).toHaveLength(2)
    expect(screen.getByTestId('replay-slider').getAttribute('aria-valuemax')).toBe('60')
  })
})
