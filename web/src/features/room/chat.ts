import type { ChatMessage } from './schema'

function byTime(a: ChatMessage, b: ChatMessage): number {
  const ta = Date.parse(a.sentAt)
  const tb = Date.parse(b.sentAt)
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The union of two lists of chat messages, oldest first, each id once (a later copy of an id replaces the earlier
 * one). Messages arrive three ways — the history GET, the data channel, our own POST's answer — in any order and
 * more than once; this is the one place they meet. Returns `current` itself when nothing is new, so React and
 * TanStack Query see no change.
 */
export function mergeChat(current: readonly ChatMessage[] | undefined, incoming: readonly ChatMessage[]): ChatMessage[] {
  const base = current ?? []
  const byId = new Map<string, ChatMessage>()
  for (const message of base) byId.set(message.id, message)
  let changed = current === undefined
  for (const message of incoming) {
    const known = byId.get(message.id)
    if (known && known.text === message.text && known.sentAt === message.sentAt && known.name === message.name) continue
    byId.set(message.id, message)
    changed = true
  }
  if (!changed) return base as ChatMessage[]
  return [...byId.values()].sort(byTime)
}
