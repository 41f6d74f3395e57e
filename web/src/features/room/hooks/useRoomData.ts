import { useDataChannel } from '@livekit/components-react'
import { useCallback } from 'react'

import { useAddChatMessages, useChatHistory } from '../api'
import { chatMessageSchema, decodeJson, roomEndedSchema, TOPICS } from '../schema'

/**
 * The call's chat: the stored history (GET, so a late joiner sees what was said before) merged with what arrives
 * on the data channel (topic "chat", forwarded by the server after it stored the message). Sending goes through
 * `useSendChat` (the POST), never the data channel.
 */
export function useRoomChat(interviewId: string) {
  const history = useChatHistory(interviewId)
  const add = useAddChatMessages(interviewId)
  const onMessage = useCallback(
    (message: { payload: Uint8Array }) => {
      const chat = decodeJson(message.payload, chatMessageSchema)
      if (chat) add([chat])
    },
    [add],
  )
  useDataChannel(TOPICS.chat, onMessage)
  return history
}

/** Calls `onEnded(name)` when the server announces the end of the call (topic "room-ended", `{"by"}`). */
export function useRoomEnded(onEnded: (by: string) => void) {
  const onMessage = useCallback(
    (message: { payload: Uint8Array }) => {
      const ended = decodeJson(message.payload, roomEndedSchema)
      if (ended) onEnded(ended.by)
    },
    [onEnded],
  )
  useDataChannel(TOPICS.roomEnded, onMessage)
}
