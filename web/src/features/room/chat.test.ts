import { describe, expect, it } from 'vitest'

import { mergeChat } from './chat'
import type { ChatMessage } from './schema'

const msg = (id: string, sentAt: string, text = `text ${id}`): ChatMessage => ({ id, userId: 'u1', name: 'Ada', text, sentAt })

describe('mergeChat', () => {
  it('keeps each id once and orders by time, whatever order messages arrive in', () => {
    const history = [msg('a', '2026-12-01T13:00:00Z'), msg('c', '2026-12-01T13:02:00Z')]
    // A data message that arrived while the history GET was on its way, a duplicate, and our own POST's answer.
    const merged = mergeChat(history, [msg('b', '2026-12-01T13:01:00Z'), msg('c', '2026-12-01T13:02:00Z'), msg('d', '2026-12-01T13:03:00Z')])
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('returns the same list when nothing is new, so nothing re-renders', () => {
    const history = [msg('a', '2026-12-01T13:00:00Z')]
    expect(mergeChat(history, [msg('a', '2026-12-01T13:00:00Z')])).toBe(history)
    expect(mergeChat(history, [])).toBe(history)
  })

  it('starts from nothing, and breaks ties in time by id', () => {
    const same = '2026-12-01T13:00:00Z'
    expect(mergeChat(undefined, [msg('y', same), msg('x', same)]).map((m) => m.id)).toEqual(['x', 'y'])
  })

  it('takes the later copy of an id (the server is the authority)', () => {
    const merged = mergeChat([msg('a', '2026-12-01T13:00:00Z', 'draft')], [msg('a', '2026-12-01T13:00:00Z', 'final')])
    expect(merged).toHaveLength(1)
    expect(merged[0]?.text).toBe('final')
  })
})
