import { useDataChannel, useRoomContext } from '@livekit/components-react'
import { createContext, useCallback, useContext, useEffect, useState } from 'react'

import { encodeReaction, liveReactions, parseReaction, REACTION_MS, type FloatingReaction, type Reaction } from '../reactions'
import { TOPICS } from '../schema'

let counter = 0

/**
 * Reactions over the data channel (topic "reaction", lossy: a lost one is not worth a retry). LiveKit does not
 * echo data to its sender, so our own reaction is added locally as it is sent.
 */
export function useReactions() {
  const room = useRoomContext()
  const [floats, setFloats] = useState<FloatingReaction[]>([])

  const add = useCallback((identity: string, reaction: Reaction) => {
    counter += 1
    const float = { key: `${String(Date.now())}-${String(counter)}`, identity, reaction, at: Date.now() }
    setFloats((current) => liveReactions([...current, float], Date.now()))
  }, [])

  const onMessage = useCallback(
    (message: { payload: Uint8Array; from?: { identity: string } }) => {
      const reaction = parseReaction(message.payload)
      if (reaction && message.from) add(message.from.identity, reaction)
    },
    [add],
  )
  const { send } = useDataChannel(TOPICS.reaction, onMessage)

  // Drop floats once they have finished their animation.
  const count = floats.length
  useEffect(() => {
    if (count === 0) return
    const timer = setInterval(() => {
      setFloats((current) => {
        const kept = liveReactions(current, Date.now())
        return kept.length === current.length ? current : kept
      })
    }, REACTION_MS / 4)
    return () => {
      clearInterval(timer)
    }
  }, [count])

  const react = useCallback(
    (reaction: Reaction) => {
      add(room.localParticipant.identity, reaction)
      void send(encodeReaction(reaction.name), { reliable: false, topic: TOPICS.reaction }).catch(() => {
        // Lossy by design: a reaction that did not go out is not retried.
      })
    },
    [add, room, send],
  )

  return { floats, react }
}

export const ReactionsContext = createContext<readonly FloatingReaction[]>([])

export function useFloatsFor(identity: string): FloatingReaction[] {
  return useContext(ReactionsContext).filter((float) => float.identity === identity)
}
