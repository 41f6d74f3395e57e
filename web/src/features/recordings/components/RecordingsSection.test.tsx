import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { recordingJson, recordingListJson } from '../fixtures'
import { RecordingsSection } from './RecordingsSection'

const LIST = '/api/interviews/i1/recordings'

function renderSection() {
  return renderWithProviders(
    <>
      <RecordingsSection interviewId="i1" />
      <Toaster />
    </>,
  )
}

function body(init: RequestInit | undefined): unknown {
  return JSON.parse(typeof init?.body === 'string' ? init.body : 'null')
}

function rows() {
  return screen.getAllByTestId('recording-row')
}

describe('RecordingsSection', () => {
  it('shows each state: live, interrupted, composing, ready with a player, failed, retrying', async () => {
    stubFetch({
      [LIST]: () =>
        jsonResponse(
          recordingListJson({
            recordings: [
              recordingJson({ id: 'r6', state: 'recording', startedAt: new Date(Date.now() - 65_000).toISOString(), endedAt: null, durationSeconds: 60, sizeBytes: 3_145_728, mediaUrl: null, startedBy: null }),
              recordingJson({ id: 'r5', state: 'interrupted', interrupted: true, mediaUrl: null }),
              recordingJson({ id: 'r4', state: 'composing', progress: 0.42, mediaUrl: null }),
              recordingJson({ id: 'r3', state: 'composing', interrupted: true, progress: 0, attempts: 1, error: 'ffmpeg exited 1', mediaUrl: null }),
              recordingJson({ id: 'r2', state: 'failed', attempts: 3, error: 'no audio or video track', mediaUrl: null }),
              recordingJson({ id: 'r1' }),
            ],
          }),
        ),
    })
    renderSection()

    await screen.findAllByTestId('recording-row')
    const [live, interrupted, composing, retrying, failed, ready] = rows()
    if (!live || !interrupted || !composing || !retrying || !failed || !ready) throw new Error('six rows expected')
    expect(rows().map((row) => [row.dataset.id, row.dataset.state])).toEqual([
      ['r6', 'recording'],
      ['r5', 'interrupted'],
      ['r4', 'composing'],
      ['r3', 'composing'],
      ['r2', 'failed'],
      ['r1', 'ready'],
    ])

    expect(within(live).getByTestId('recording-state').textContent).toBe('Recording')
    // Counted from its start (65 s ago), not the server's 60 s.
    expect(live.textContent).toMatch(/1:0[5-9]/)
    expect(live.textContent).toContain('3 MB')
    expect(live.textContent).toContain('Started automatically')
    expect(within(live).queryByTestId('recording-player')).toBeNull()
    expect(within(live).queryByTestId('recording-download')).toBeNull()

    expect(within(interrupted).getByTestId('recording-state').textContent).toBe('Interrupted')
    expect(within(interrupted).getByTestId('recording-interrupted')).toBeTruthy()

    expect(within(composing).getByTestId('recording-state').textContent).toBe('Composing 42%')
    const progress = within(composing).getByTestId('recording-progress')
    expect(progress.getAttribute('role')).toBe('progressbar')
    expect(progress.getAttribute('aria-valuenow')).toBe('42')

    expect(within(retrying).getByTestId('recording-error').textContent).toBe('Attempt 1 failed: ffmpeg exited 1. It will retry.')

    expect(within(failed).getByTestId('recording-state').textContent).toBe('Failed')
    expect(within(failed).getByTestId('recording-error').textContent).toBe(
      'Could not compose the recording (3 attempts): no audio or video track',
    )
    expect(within(failed).queryByTestId('recording-player')).toBeNull()

    const player = within(ready).getByTestId<HTMLVideoElement>('recording-player')
    expect(player.tagName).toBe('VIDEO')
    expect(player.getAttribute('src')).toBe('/api/recordings/r1/media')
    expect(player.getAttribute('preload')).toBe('metadata')
    expect(player.controls).toBe(true)
    expect(within(ready).getByTestId('recording-download').getAttribute('href')).toBe('/api/recordings/r1/media?download=1')
    expect(ready.textContent).toContain('45:30')
    expect(ready.textContent).toContain('150 MB')
    expect(ready.textContent).toContain('Started by Ivan Interviewer')

    expect(screen.getByTestId('recordings-retention').textContent).toContain('Kept for 30 days')
    expect(screen.getByTestId('open-replay').getAttribute('href')).toBe('/interviews/i1/replay')
    // Not an admin: no delete.
    expect(screen.queryByTestId('recording-delete')).toBeNull()
  })

  it('shows the empty state with the replay link, and no retention when kept until deleted', async () => {
    stubFetch({ [LIST]: () => jsonResponse(recordingListJson({ recordings: [], retentionDays: 0, canControl: false })) })
    renderSection()
    expect((await screen.findByTestId('recordings-empty')).textContent).toContain('No recordings yet.')
    expect(screen.getByTestId('open-replay').getAttribute('href')).toBe('/interviews/i1/replay')
    expect(screen.queryByTestId('recordings-retention')).toBeNull()
    // Only the owner and admins change automatic recording.
    expect(screen.queryByTestId('auto-record')).toBeNull()
  })

  it('turns automatic recording on with a PUT, and back when the server refuses', async () => {
    let autoRecord = false
    let refuse = false
    const fetchMock = stubFetch({
      // Once refused, the refetch never answers: only the rollback can put the switch back.
      [LIST]: () => (refuse ? new Promise<Response>(() => undefined) : jsonResponse(recordingListJson({ autoRecord }))),
      '/api/interviews/i1/recording-settings': (init) => {
        if (refuse) return jsonResponse({ error: 'only the owner or an admin may change this' }, 403)
        autoRecord = (body(init) as { autoRecord: boolean }).autoRecord
        return jsonResponse({ autoRecord })
      },
    })
    renderSection()

    const toggle = await screen.findByTestId<HTMLInputElement>('auto-record')
    expect(toggle.getAttribute('role')).toBe('switch')
    expect(toggle.checked).toBe(false)
    expect(screen.getByRole('switch', { name: 'Record calls automatically' })).toBe(toggle)

    fireEvent.click(toggle)
    await vi.waitFor(() => {
      expect(autoRecord).toBe(true)
    })
    const put = fetchMock.mock.calls.find(([url]) => url === '/api/interviews/i1/recording-settings')
    expect(put?.[1]?.method).toBe('PUT')
    expect(body(put?.[1])).toEqual({ autoRecord: true })
    await vi.waitFor(() => {
      expect(screen.getByTestId<HTMLInputElement>('auto-record').checked).toBe(true)
      expect(screen.getByTestId<HTMLInputElement>('auto-record').disabled).toBe(false)
    })

    refuse = true
    fireEvent.click(screen.getByTestId('auto-record'))
    expect(await screen.findByText('Could not change automatic recording')).toBeTruthy()
    await vi.waitFor(() => {
      expect(screen.getByTestId<HTMLInputElement>('auto-record').checked).toBe(true)
    })
  })

  it('lets an admin delete a recording after confirming, with a DELETE', async () => {
    let recordings = [recordingJson({ id: 'r2' }), recordingJson({ id: 'r1' })]
    const fetchMock = stubFetch({
      [LIST]: () => jsonResponse(recordingListJson({ recordings, canDelete: true })),
      '/api/recordings/r2': (init) => {
        if (init?.method === 'DELETE') recordings = recordings.filter((r) => r.id !== 'r2')
        return new Response(null, { status: 204 })
      },
    })
    renderSection()

    await screen.findAllByTestId('recording-row')
    const first = rows()[0]
    if (!first) throw new Error('no row')
    fireEvent.click(within(first).getByTestId('recording-delete'))
    const dialog = await screen.findByTestId('recording-delete-dialog')
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/recordings/r2')).toBe(false)
    fireEvent.click(within(dialog).getByTestId('recording-delete-dialog-confirm'))

    await vi.waitFor(() => {
      expect(rows().map((row) => row.dataset.id)).toEqual(['r1'])
    })
    const del = fetchMock.mock.calls.find(([url]) => url === '/api/recordings/r2')
    expect(del?.[1]?.method).toBe('DELETE')
    expect(screen.queryByTestId('recording-delete-dialog')).toBeNull()
  })

  it('shows an error with a retry when the list cannot be read', async () => {
    stubFetch({ [LIST]: () => jsonResponse({ error: 'boom' }, 500) })
    renderSection()
    expect((await screen.findByTestId('error-state')).textContent).toContain('boom')
    expect(screen.getByTestId('open-replay')).toBeTruthy()
  })
})
