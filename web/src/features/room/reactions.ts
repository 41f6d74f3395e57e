import { z } from 'zod'

/** The reactions anyone in the call can send; `name` is what travels and what test ids use. */
export const REACTIONS = [
  { name: 'thumbs-up', emoji: '👍', label: 'Thumbs up' },
  { name: 'clap', emoji: '👏', label: 'Applause' },
  { name: 'laugh', emoji: '😂', label: 'Laugh' },
  { name: 'party', emoji: '🎉', label: 'Celebrate' },
  { name: 'heart', emoji: '❤️', label: 'Heart' },
  { name: 'thinking', emoji: '🤔', label: 'Thinking' },
] as const

export type Reaction = (typeof REACTIONS)[number]
export type ReactionName = Reaction['name']

/** How long a reaction floats over its sender's tile. */
export const REACTION_MS = 4_000

const reactionPayloadSchema = z.object({ reaction: z.string() })

export function reactionByName(name: string): Reaction | undefined {
  return REACTIONS.find((reaction) => reaction.name === name)
}

/** The data message (topic "reaction") for a reaction: `{"reaction": "<name>"}`. */
export function encodeReaction(name: ReactionName): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ reaction: name }))
}

/** The reaction a data message carries, or null for anything else (unknown names included). */
export function parseReaction(payload: Uint8Array): Reaction | null {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(payload))
  } catch {
    return null
  }
  const parsed = reactionPayloadSchema.safeParse(value)
  if (!parsed.success) return null
  return reactionByName(parsed.data.reaction) ?? null
}

export interface FloatingReaction {
  /** Unique per float, for React keys and removal. */
  key: string
  identity: string
  reaction: Reaction
  at: number
}

/** Floats still shown at `now`; `limit` per sender keeps a burst of clicks from covering a tile. */
export function liveReactions(floats: readonly FloatingReaction[], now: number, limit = 5): FloatingReaction[] {
  const fresh = floats.filter((float) => now - float.at < REACTION_MS)
  const perSender = new Map<string, number>()
  const kept: FloatingReaction[] = []
  for (let i = fresh.length - 1; i >= 0; i--) {
    const float = fresh[i]
    if (!float) continue
    const count = perSender.get(float.identity) ?? 0
    if (count >= limit) continue
    perSender.set(float.identity, count + 1)
    kept.push(float)
  }
  return kept.reverse()
}
