import type { QueryKey } from '@tanstack/react-query'

import { interviewKeys } from '@/features/interviews/keys'
import { NOTIFICATIONS_QUERY_KEY } from '@/features/notifications/useNotifications'
import { recordingKeys } from '@/features/recordings/keys'
import { roomKeys } from '@/features/room/keys'
import { runKeys } from '@/features/runs/keys'
import { ME_QUERY_KEY } from '@/features/session/useMe'
import { workspaceKeys } from '@/features/workspace/keys'

/** Every query: the stream missed events (buffer overflow, reconnect) and the client cannot know which. */
export const ALL = 'all'

/**
 * The query-key prefixes a topic of `GET /api/events` invalidates, or ALL. Unknown topics invalidate nothing.
 *
 * - `interviews`         → ['interviews'] (admin lists), ['dashboard']
 * - `interview:<id>`     → ['interview', id], ['dashboard'], ['interviews']
 * - `comments:<id>`      → ['comments', id]
 * - `chat:<id>`          → ['chat', id] (the call's chat, kept with the interview)
 * - `attendance:<id>`    → ['attendance', id] (who joined the call and left it)
 * - `signals:<id>`       → ['signals', id] (the candidate's pastes and time away, shown to both sides)
 * - `runs:<id>`          → ['runs', id] (code runs queued, started, finished; the interview's hidden tests)
 * - `recordings:<id>`    → ['recordings', id] (a recording started, stopped, composing, ready, failed, deleted)
 * - `notifications`      → ['notifications']
 * - `problems`           → ['problems'] (every problem query, the pickers' too)
 * - `users`              → ['users'], ['me'] (a role change changes what the viewer may see)
 * - `*`                  → ALL
 */
export function keysForTopic(topic: string): readonly QueryKey[] | typeof ALL {
  if (topic === '*') return ALL
  const colon = topic.indexOf(':')
  const kind = colon === -1 ? topic : topic.slice(0, colon)
  const id = colon === -1 ? '' : topic.slice(colon + 1)
  const entry = Object.hasOwn(TOPICS, kind) ? TOPICS[kind] : undefined
  if (!entry || (entry.needsId && !id)) return []
  return entry.keys(id)
}

/** Each topic kind: its keys, given the topic's id, and whether it needs one. */
const TOPICS: Record<string, { needsId: boolean; keys: (id: string) => readonly QueryKey[] }> = {
  interviews: { needsId: false, keys: () => [interviewKeys.lists, interviewKeys.dashboard] },
  interview: { needsId: true, keys: (id) => [interviewKeys.detail(id), interviewKeys.dashboard, interviewKeys.lists] },
  comments: { needsId: true, keys: (id) => [interviewKeys.comments(id)] },
  chat: { needsId: true, keys: (id) => [roomKeys.chat(id)] },
  attendance: { needsId: true, keys: (id) => [roomKeys.attendance(id)] },
  signals: { needsId: true, keys: (id) => [workspaceKeys.signals(id)] },
  runs: { needsId: true, keys: (id) => [runKeys.all(id)] },
  recordings: { needsId: true, keys: (id) => [recordingKeys.all(id)] },
  notifications: { needsId: false, keys: () => [NOTIFICATIONS_QUERY_KEY] },
  problems: { needsId: false, keys: () => [['problems']] },
  users: { needsId: false, keys: () => [['users'], ME_QUERY_KEY] },
}

/** The first elements of the keys any topic invalidates. */
const LIVE_ROOTS = new Set(Object.values(TOPICS).flatMap((entry) => entry.keys('_').map((key) => key[0])))

/** Whether an event can invalidate the query of this key (a join grant or a config query, for one, it cannot). */
export function isLiveKey(queryKey: QueryKey): boolean {
  return LIVE_ROOTS.has(queryKey[0])
}

/** The distinct prefixes for a batch of topics (an event lists several), or ALL. */
export function keysForTopics(topics: readonly string[]): readonly QueryKey[] | typeof ALL {
  const keys = new Map<string, QueryKey>()
  for (const topic of topics) {
    const found = keysForTopic(topic)
    if (found === ALL) return ALL
    for (const key of found) keys.set(JSON.stringify(key), key)
  }
  return [...keys.values()]
}

/** The topics of an `invalidate` event's data (`{"topics":[…]}`); anything unreadable means "refetch all". */
export function parseTopics(data: unknown): string[] {
  if (typeof data !== 'string') return ['*']
  try {
    const parsed: unknown = JSON.parse(data)
    if (typeof parsed === 'object' && parsed !== null && 'topics' in parsed && Array.isArray(parsed.topics)) {
      return parsed.topics.filter((topic): topic is string => typeof topic === 'string')
    }
  } catch {
    // fall through
  }
  return ['*']
}
