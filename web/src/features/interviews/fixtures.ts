/** Test data shaped like the API's answers. */

export const grace = { id: 'u-admin', email: 'grace@example.com', name: 'Grace Hopper', avatarUrl: '', role: 'admin' as const }
export const ivan = { id: 'u-int', email: 'ivan@example.com', name: 'Ivan Interviewer', avatarUrl: '', role: 'interviewer' as const }
export const cara = { id: 'u-cand', email: 'cara@example.com', name: 'Cara Candidate', avatarUrl: '', role: 'candidate' as const }

function person(user: { id: string; email: string; name: string; avatarUrl: string }) {
  return { id: user.id, email: user.email, name: user.name, avatarUrl: user.avatarUrl }
}

/** An interview as the API sends it; its join link follows its id, as the server's does (`/interviews/<id>`). */
export function interviewJson(overrides: Record<string, unknown> = {}) {
  const id = typeof overrides.id === 'string' ? overrides.id : 'i1'
  return {
    id,
    title: 'Systems round',
    description: 'Design a rate limiter.',
    candidate: person(cara),
    interviewers: [person(ivan)],
    owner: person(ivan),
    startsAt: '2026-12-01T13:00:00Z',
    durationMinutes: 60,
    endsAt: '2026-12-01T14:00:00Z',
    status: 'upcoming',
    outcome: null,
    problemId: null,
    joinUrl: `/interviews/${id}`,
    docs: null,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  }
}

export function usersJson(users: object[]) {
  return { users, total: users.length, page: 1, pageSize: 20 }
}
