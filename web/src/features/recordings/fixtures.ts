/** Test data shaped like the API's answers (see README.md for the contract). */

export function recordingJson(overrides: Record<string, unknown> = {}) {
  return {
    id: 'r1',
    interviewId: 'i1',
    state: 'ready',
    startedAt: '2026-12-01T13:02:00Z',
    endedAt: '2026-12-01T13:47:30Z',
    durationSeconds: 2730,
    sizeBytes: 157_286_400,
    interrupted: false,
    progress: 1,
    attempts: 1,
    startedBy: { id: 'u-int', name: 'Ivan Interviewer' },
    mediaUrl: '/api/recordings/r1/media',
    silences: [{ start: 0, end: 4.5 }],
    reactions: [{ at: '2026-12-01T13:10:00Z', userId: 'u-cand', name: 'Cara Candidate', reaction: 'clap' }],
    ...overrides,
  }
}

export function recordingListJson(overrides: Record<string, unknown> = {}) {
  return {
    recordings: [recordingJson()],
    retentionDays: 30,
    autoRecord: false,
    canControl: true,
    canDelete: false,
    ...overrides,
  }
}
