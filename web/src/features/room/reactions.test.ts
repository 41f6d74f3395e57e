import { describe, expect, it } from 'vitest'

import { encodeReaction, liveReactions, parseReaction, REACTION_MS, REACTIONS, type FloatingReaction } from './reactions'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('reactions', () => {
  it('offers the six reactions with unique names', () => {
    expect(REACTIONS.map((r) => r.emoji)).toEqual(['👍', '👏', '😂', '🎉', '❤️', '🤔'])
    expect(new Set(REACTIONS.map((r) => r.name)).size).toBe(6)
  })

  it('round-trips a reaction through its data message', () => {
    for (const reaction of REACTIONS) expect(parseReaction(encodeReaction(reaction.name))).toBe(reaction)
    expect(new TextDecoder().decode(encodeReaction('party'))).toBe('{"reaction":"party"}')
  })

  it('ignores anything else on the topic', () => {
    for (const payload of ['', 'not json', '{}', '{"reaction":"rocket"}', '{"reaction":5}', '["party"]', 'null']) {
      expect(parseReaction(bytes(payload))).toBeNull()
    }
  })

  it('drops floats once their animation is over and keeps at most five per sender', () => {
    const now = 100_000
    const float = (key: string, identity: string, age: number): FloatingReaction => ({
      key,
      identity,
      reaction: REACTIONS[0],
      at: now - age,
    })
    const old = float('old', 'a', REACTION_MS + 1)
    const burst = Array.from({ length: 7 }, (_, i) => float(`a${String(i)}`, 'a', 7 - i))
    const other = float('b0', 'b', 10)
    const kept = liveReactions([old, ...burst, other], now)
    expect(kept.map((f) => f.key)).toEqual(['a2', 'a3', 'a4', 'a5', 'a6', 'b0'])
  })
})
