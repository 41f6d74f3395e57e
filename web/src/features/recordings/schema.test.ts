import { describe, expect, it } from 'vitest'

import { recordingJson, recordingListJson } from './fixtures'
import { recordingFromMetadata, recordingListSchema, recordingSchema } from './schema'

describe('recordingSchema', () => {
  it('reads a ready recording as the server sends it', () => {
    const recording = recordingSchema.parse(recordingJson())
    expect(recording).toMatchObject({
      id: 'r1',
      state: 'ready',
      durationSeconds: 2730,
      sizeBytes: 157_286_400,
      startedBy: { id: 'u-int', name: 'Ivan Interviewer' },
      mediaUrl: '/api/recordings/r1/media',
      error: '',
    })
    expect(recording.silences).toEqual([{ start: 0, end: 4.5 }])
    expect(recording.reactions[0]?.reaction).toBe('clap')
  })

  it("reads Go's nulls and left-out fields as empty values", () => {
    const recording = recordingSchema.parse({
      id: 'r2',
      state: 'recording',
      startedAt: '2026-12-01T13:02:00Z',
      endedAt: null,
      startedBy: null,
      mediaUrl: null,
      silences: null,
      reactions: null,
    })
    expect(recording).toEqual({
      id: 'r2',
      interviewId: '',
      state: 'recording',
      startedAt: '2026-12-01T13:02:00Z',
      endedAt: null,
      durationSeconds: 0,
      sizeBytes: 0,
      interrupted: false,
      progress: 0,
      attempts: 0,
      error: '',
      startedBy: null,
      mediaUrl: null,
      silences: [],
      reactions: [],
    })
  })

  it('falls back instead of failing on a bad optional field, and keeps progress within 0..1', () => {
    const recording = recordingSchema.parse(
      recordingJson({ sizeBytes: 'big', progress: 3, interrupted: 'yes', startedBy: { name: 'no id' }, silences: 'none', mediaUrl: '' }),
    )
    expect(recording.sizeBytes).toBe(0)
    expect(recording.progress).toBe(1)
    expect(recording.interrupted).toBe(false)
    expect(recording.startedBy).toBeNull()
    expect(recording.silences).toEqual([])
    expect(recording.mediaUrl).toBeNull()
    expect(recordingSchema.parse(recordingJson({ durationSeconds: -5 })).durationSeconds).toBe(0)
  })

  it.each([
    ['an unknown state', { state: 'paused' }],
    ['no id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['no start', { startedAt: undefined }],
  ])('refuses a recording with %s', (_name, overrides) => {
    expect(recordingSchema.safeParse(recordingJson(overrides)).success).toBe(false)
  })
})

describe('recordingListSchema', () => {
  it('reads the list and its permissions', () => {
    const list = recordingListSchema.parse(recordingListJson({ autoRecord: true, canDelete: true }))
    expect(list.recordings.map((r) => r.id)).toEqual(['r1'])
    expect(list).toMatchObject({ retentionDays: 30, autoRecord: true, canControl: true, canDelete: true })
  })

  it('leaves out an unreadable recording instead of failing the whole list', () => {
    const list = recordingListSchema.parse(
      recordingListJson({ recordings: [recordingJson({ id: 'r2', state: 'recording' }), { id: 'bad' }, recordingJson()] }),
    )
    expect(list.recordings.map((r) => r.id)).toEqual(['r2', 'r1'])
  })

  it('reads a null list and missing flags as nothing allowed', () => {
    expect(recordingListSchema.parse({ recordings: null })).toEqual({
      recordings: [],
      retentionDays: 0,
      autoRecord: false,
      canControl: false,
      canDelete: false,
    })
  })
})

describe('recordingFromMetadata', () => {
  it('reads the recording under way', () => {
    expect(recordingFromMetadata('{"recording":{"id":"r1","startedAt":"2026-12-01T13:02:00Z","by":"Ivan"}}')).toEqual({
      id: 'r1',
      startedAt: '2026-12-01T13:02:00Z',
      by: 'Ivan',
    })
  })

  it('reads an automatic recording (no name) and a missing "by"', () => {
    expect(recordingFromMetadata('{"recording":{"id":"r1","startedAt":"2026-12-01T13:02:00Z","by":""}}')?.by).toBe('')
    expect(recordingFromMetadata('{"recording":{"id":"r1"}}')).toEqual({ id: 'r1', startedAt: '', by: '' })
  })

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['not JSON', 'recording'],
    ['JSON about something else', '{"topic":"x"}'],
    ['a null recording', '{"recording":null}'],
    ['a recording without id', '{"recording":{"startedAt":"2026-12-01T13:02:00Z"}}'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
  ])('reads %s as not recording', (_name, metadata) => {
    expect(recordingFromMetadata(metadata)).toBeNull()
  })
})
