import { describe, expect, it } from 'vitest'

import { recordingJson } from './fixtures'
import {
  downloadUrl,
  formatBytes,
  formatClock,
  playableUrl,
  recordingNotice,
  recordingSeconds,
  replayPath,
  stateLabel,
  willRetry,
} from './format'
import { recordingSchema } from './schema'

const recording = (overrides: Record<string, unknown> = {}) => recordingSchema.parse(recordingJson(overrides))

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [59.9, '0:59'],
    [754, '12:34'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [-4, '0:00'],
    [Number.NaN, '0:00'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatClock(seconds)).toBe(text)
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [812, '812 B'],
    [1024, '1 KB'],
    [4300, '4.2 KB'],
    [2 * 1024 * 1024, '2 MB'],
    [157_286_400, '150 MB'],
    [38_797_312, '37 MB'],
    [1.25 * 1024 ** 3, '1.25 GB'],
    [-1, '0 B'],
  ])('%s → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('state', () => {
  it('labels each state, composing with its progress', () => {
    expect(stateLabel(recording({ state: 'recording' }))).toBe('Recording')
    expect(stateLabel(recording({ state: 'interrupted' }))).toBe('Interrupted')
    expect(stateLabel(recording({ state: 'composing', progress: 0.424 }))).toBe('Composing 42%')
    expect(stateLabel(recording({ state: 'ready' }))).toBe('Ready')
    expect(stateLabel(recording({ state: 'failed' }))).toBe('Failed')
  })

  it('says a failed attempt will be retried while the state is not failed yet', () => {
    expect(willRetry(recording({ state: 'composing', attempts: 1, error: 'ffmpeg exited 1' }))).toBe(true)
    expect(willRetry(recording({ state: 'interrupted', attempts: 1, error: 'no space left' }))).toBe(true)
    expect(willRetry(recording({ state: 'composing', attempts: 0 }))).toBe(false)
    expect(willRetry(recording({ state: 'failed', attempts: 3, error: 'ffmpeg exited 1' }))).toBe(false)
  })

  it('counts a recording under way from its start, never below what the server said', () => {
    const now = new Date('2026-12-01T13:05:30Z')
    expect(recordingSeconds(recording({ state: 'recording', durationSeconds: 200 }), now)).toBe(210)
    expect(recordingSeconds(recording({ state: 'recording', durationSeconds: 400 }), now)).toBe(400)
    expect(recordingSeconds(recording({ state: 'ready', durationSeconds: 2730 }), now)).toBe(2730)
  })
})

describe('links', () => {
  it('adds download=1 to the media URL, and names the replay page', () => {
    expect(downloadUrl('/api/recordings/r1/media')).toBe('/api/recordings/r1/media?download=1')
    expect(downloadUrl('/api/recordings/r1/media?v=2')).toBe('/api/recordings/r1/media?v=2&download=1')
    expect(replayPath('i 1')).toBe('/interviews/i%201/replay')
  })

  it('plays a ready recording only', () => {
    expect(playableUrl(recording())).toBe('/api/recordings/r1/media')
    expect(playableUrl(recording({ state: 'composing' }))).toBeNull()
    expect(playableUrl(recording({ mediaUrl: null }))).toBeNull()
  })
})

describe('recordingNotice', () => {
  const r1 = { id: 'r1', startedAt: '2026-12-01T13:02:00Z', by: 'Ivan Interviewer' }
  const auto = { id: 'r2', startedAt: '2026-12-01T13:30:00Z', by: '' }

  it('says a call joined while recorded is being recorded, and nothing for one that is not', () => {
    expect(recordingNotice(undefined, r1, 'Cara')).toEqual({ kind: 'ongoing', title: 'This call is being recorded' })
    expect(recordingNotice(undefined, null, 'Cara')).toBeNull()
  })

  it('names who started it, "You" for ourselves, nobody when it started automatically', () => {
    expect(recordingNotice(null, r1, 'Cara')?.title).toBe('Ivan Interviewer started recording')
    expect(recordingNotice(null, r1, 'Ivan Interviewer')?.title).toBe('You started recording')
    expect(recordingNotice(null, auto, 'Cara')?.title).toBe('Recording started')
    expect(recordingNotice(r1, auto, 'Cara')).toEqual({ kind: 'started', title: 'Recording started' })
  })

  it('says when it stops, and nothing when nothing changed', () => {
    expect(recordingNotice(r1, null, 'Cara')).toEqual({ kind: 'stopped', title: 'Recording stopped' })
    expect(recordingNotice(r1, { ...r1 }, 'Cara')).toBeNull()
    expect(recordingNotice(null, null, 'Cara')).toBeNull()
  })
})
