import { fireEvent, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'

import { recordingJson } from '@/features/recordings/fixtures'
import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { RecordButton } from './RecordButton'

/** The button with the room's metadata played by hand ("metadata: recording" flips it). */
function Harness({ initial }: { initial: boolean }) {
  const [recording, setRecording] = useState(initial)
  return (
    <>
      <RecordButton interviewId="i1" recording={recording} />
      <button
        type="button"
        onClick={() => {
          setRecording((on) => !on)
        }}
      >
        metadata changes
      </button>
      <Toaster />
    </>
  )
}

function renderButton(recording: boolean) {
  return renderWithProviders(<Harness initial={recording} />)
}

function button(): HTMLButtonElement {
  return screen.getByTestId<HTMLButtonElement>('record-toggle')
}

describe('RecordButton', () => {
  it('starts recording with a POST, stays disabled until the room says it records, then stops with …/stop', async () => {
    const fetchMock = stubFetch({
      '/api/interviews/i1/recordings': () => jsonResponse(recordingJson({ state: 'recording', mediaUrl: null }), 201),
      '/api/interviews/i1/recordings/stop': () => jsonResponse(recordingJson({ state: 'composing', mediaUrl: null })),
    })
    renderButton(false)
    expect(button().getAttribute('aria-pressed')).toBe('false')
    expect(button().textContent).toBe('Record')

    fireEvent.click(button())
    await vi.waitFor(() => {
      expect(button().getAttribute('aria-pressed')).toBe('true')
    })
    const post = fetchMock.mock.calls.find(([url]) => url === '/api/interviews/i1/recordings')
    expect(post?.[1]?.method).toBe('POST')
    expect(post?.[1]?.body).toBe('{}')
    // Granted, but the room's metadata has not followed yet.
    expect(button().disabled).toBe(true)

    fireEvent.click(screen.getByText('metadata changes'))
    expect(button().disabled).toBe(false)
    expect(button().getAttribute('aria-pressed')).toBe('true')

    fireEvent.click(button())
    await vi.waitFor(() => {
      expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/interviews/i1/recordings/stop' && init?.method === 'POST')).toBe(true)
    })
    await vi.waitFor(() => {
      expect(button().getAttribute('aria-pressed')).toBe('false')
    })
  })

  it('shows the server’s refusal in a toast and leaves the state as it was', async () => {
    stubFetch({
      '/api/interviews/i1/recordings': () => jsonResponse({ error: 'no call is running' }, 409),
    })
    renderButton(false)
    fireEvent.click(button())
    expect(await screen.findByText('Could not start recording')).toBeTruthy()
    expect(screen.getByText('no call is running')).toBeTruthy()
    expect(button().getAttribute('aria-pressed')).toBe('false')
    expect(button().disabled).toBe(false)
  })
})
