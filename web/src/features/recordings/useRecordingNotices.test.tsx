import { renderHook } from '@testing-library/react'
import { toast } from 'sonner'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import type { RoomRecording } from './schema'
import { useRecordingNotices } from './useRecordingNotices'

vi.mock('sonner', () => ({ toast: Object.assign(vi.fn(), { info: vi.fn(), error: vi.fn(), success: vi.fn() }) }))

const r1: RoomRecording = { id: 'r1', startedAt: '2026-12-01T13:02:00Z', by: 'Ivan Interviewer' }

function titles(): string[] {
  return [...vi.mocked(toast).mock.calls, ...vi.mocked(toast.info).mock.calls].map(([title]) => (typeof title === 'string' ? title : ''))
}

function setup(initial: { recording: RoomRecording | null; connected: boolean }) {
  return renderHook(({ recording, connected }) => {
    useRecordingNotices(recording, connected, 'Cara Candidate')
  }, { initialProps: initial })
}

beforeEach(() => {
  vi.mocked(toast).mockClear()
  vi.mocked(toast.info).mockClear()
})

describe('useRecordingNotices', () => {
  it('tells a late joiner the call is being recorded once connected, then each start and stop', () => {
    const view = setup({ recording: null, connected: false })
    expect(titles()).toEqual([])
    view.rerender({ recording: r1, connected: true })
    expect(titles()).toEqual(['This call is being recorded'])

    view.rerender({ recording: { ...r1 }, connected: true })
    view.rerender({ recording: null, connected: true })
    expect(titles()).toEqual(['This call is being recorded', 'Recording stopped'])

    view.rerender({ recording: { id: 'r2', startedAt: '', by: '' }, connected: true })
    expect(titles()).toEqual(['This call is being recorded', 'Recording stopped', 'Recording started'])
  })

  it('says nothing when joining a call that is not recorded, and names who starts it later', () => {
    const view = setup({ recording: null, connected: true })
    expect(titles()).toEqual([])
    view.rerender({ recording: r1, connected: true })
    expect(titles()).toEqual(['Ivan Interviewer started recording'])
  })

  it('compares across a reconnect: a stop missed meanwhile is told when the room is back', () => {
    const view = setup({ recording: r1, connected: true })
    view.rerender({ recording: r1, connected: false })
    view.rerender({ recording: null, connected: false })
    expect(titles()).toEqual(['This call is being recorded'])
    view.rerender({ recording: null, connected: true })
    expect(titles()).toEqual(['This call is being recorded', 'Recording stopped'])
  })
})
