import { describe, expect, it } from 'vitest'

import { recordingJson } from '@/features/recordings/fixtures'
import { recordingSchema } from '@/features/recordings/schema'

import type { ReplayChange } from './changes'
import { buildTimeline } from './replay'
import { buildMarks, density, idleStretches, PREP_MARGIN, skipIdle, timelineSpan } from './timeline'

const T0 = 1_800_000_000
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

describe('timelineSpan', () => {
  it('runs from the earliest of changes, call and recordings to the latest', () => {
    expect(
      timelineSpan({ changes: [T0 + 30, T0 + 500], call: { start: T0 + 10, end: T0 + 400 }, recordings: [{ start: T0 + 20, end: T0 + 600 }] }),
    ).toEqual({ start: T0 + 10, end: T0 + 600 })
    expect(timelineSpan({ changes: [T0 + 5, T0 + 50], call: { start: NaN, end: NaN }, recordings: [] })).toEqual({ start: T0 + 5, end: T0 + 50 })
    expect(timelineSpan({ changes: [], call: { start: NaN, end: NaN }, recordings: [] })).toBeNull()
  })

  it('leaves preparation days before the call out of the span', () => {
    const span = timelineSpan({ changes: [T0 - 3 * 86_400, T0 - 60, T0 + 100], call: { start: T0, end: T0 + 3600 }, recordings: [] })
    expect(span).toEqual({ start: T0 - 60, end: T0 + 3600 })
    expect(PREP_MARGIN).toBeGreaterThan(60)
  })
})

describe('idleStretches', () => {
  it('without a recording: no activity for 10 s or more', () => {
    expect(idleStretches({ duration: 100, activity: [5, 12, 40, 45, 95], recording: null })).toEqual([
      { start: 12, end: 40 },
      { start: 45, end: 95 },
    ])
  })

  it('inside the recording: silent audio and no activity for 5 s or more; outside it, 10 s of nothing', () => {
    const idle = idleStretches({
      duration: 200,
      activity: [30, 60, 61, 150],
      // The recording covers 20–120; silences (already on the timeline) 35–50, 62–66, 70–118.
      recording: { span: { start: 20, end: 120 }, silences: [{ start: 35, end: 50 }, { start: 62, end: 66 }, { start: 70, end: 118 }] },
    })
    expect(idle).toEqual([
      { start: 0, end: 20 }, // before the recording: 0–30 without activity, 20 s of it outside
      { start: 35, end: 50 },
      // 62–66 is silent but only 4 s
      { start: 70, end: 118 },
      { start: 120, end: 150 }, // after the recording: no activity 61–150, outside from 120
      { start: 150, end: 200 },
    ])
  })

  it('an edit inside a silence splits it, and a short piece is not idle', () => {
    expect(
      idleStretches({ duration: 60, activity: [0, 23, 60], recording: { span: { start: 0, end: 60 }, silences: [{ start: 10, end: 40 }] } }),
    ).toEqual([
      { start: 10, end: 23 },
      { start: 23, end: 40 },
    ])
    expect(skipIdle(12, [{ start: 10, end: 23 }])).toBe(23)
    expect(skipIdle(9, [{ start: 10, end: 23 }])).toBe(9)
    expect(skipIdle(22.9, [{ start: 10, end: 23 }])).toBe(22.9)
  })
})

describe('marks', () => {
  const nameOf = (userId: string, fallback?: string) => ({ c: 'Carol', i: 'Ivan' })[userId] ?? (fallback || 'Someone')

  it('places runs, pastes, time away, chat and reactions on the timeline, by time, with labels', () => {
    const marks = buildMarks(
      { start: T0, end: T0 + 600 },
      {
        runs: [{ id: 'r1', userId: 'c', createdAt: iso(T0 + 300), withTests: true }],
        signals: [
          { id: 's1', userId: 'c', name: 'Carol', kind: 'paste', chars: 250, at: iso(T0 + 100) },
          { id: 's2', userId: 'c', name: 'Carol', kind: 'away', awayMs: 75_000, at: iso(T0 + 200) },
        ],
        chat: [
          { id: 'm1', userId: 'i', name: 'Ivan', text: 'Think aloud, please', sentAt: iso(T0 + 50) },
          { id: 'm2', userId: 'x', name: 'Xena', text: 'late', sentAt: iso(T0 + 900) },
        ],
        reactions: [{ userId: 'i', name: 'Ivan', reaction: 'clap', at: T0 + 400, label: '👏 Applause' }],
        nameOf,
      },
    )
    expect(marks.map((m) => [m.kind, m.at])).toEqual([
      ['chat', 50],
      ['paste', 100],
      ['away', 200],
      ['run', 300],
      ['reaction', 400],
    ])
    expect(marks.map((m) => m.label)).toEqual([
      'Ivan: Think aloud, please at 0:50',
      'Carol pasted 250 characters at 1:40',
      'Carol was away from the page for 1:15 at 3:20',
      'Carol ran the tests at 5:00',
      'Ivan reacted: 👏 Applause at 6:40',
    ])
  })

  it('buildTimeline: span, recording offset, reactions from the recording and idle stretches together', () => {
    const change = (at: number, message = ''): ReplayChange => ({
      hash: String(at),
      actor: 'a',
      seq: 1,
      startOp: 1,
      time: at,
      at,
      message,
      deps: [],
      ops: [],
    })
    const recording = recordingSchema.parse(
      recordingJson({
        id: 'rec',
        startedAt: iso(T0 + 10),
        endedAt: iso(T0 + 70),
        durationSeconds: 60,
        mediaUrl: '/media/rec.mp4',
        silences: [{ start: 20, end: 40 }],
        reactions: [{ at: iso(T0 + 15), userId: 'i', name: 'Ivan', reaction: 'heart' }],
      }),
    )
    const timeline = buildTimeline({
      callStartedAt: iso(T0),
      callEndedAt: iso(T0 + 80),
      changes: [[change(T0 - 86_400, 'create'), change(T0 + 5), change(T0 + 60)]],
      recordings: [recording],
      recording,
      runs: [],
      signals: [],
      chat: [],
      nameOf,
    })
    expect(timeline).not.toBeNull()
    if (!timeline) return
    expect(timeline.start).toBe(T0)
    expect(timeline.duration).toBe(80)
    expect(timeline.recording).toMatchObject({ offset: 10, length: 60, url: '/media/rec.mp4', silences: [{ start: 30, end: 50 }] })
    expect(timeline.marks).toMatchObject([{ kind: 'reaction', at: 15, label: 'Ivan reacted: ❤️ Heart at 0:15' }])
    expect(timeline.idle).toEqual([
      { start: 30, end: 50 },
      { start: 70, end: 80 },
    ])
    expect(timeline.density.reduce((a, b) => a + b, 0)).toBe(2)
  })
})

describe('density', () => {
  it('counts per slice', () => {
    expect(density([0, 1, 9.9, 10, 5], 10, 2)).toEqual([2, 3])
  })
})
