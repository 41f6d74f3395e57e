import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { z } from 'zod'

import { api } from '@/lib/api'

import { mergeChat } from './chat'
import { roomKeys } from './keys'
import { attendanceSchema, chatListSchema, chatMessageSchema, joinSchema, type ChatMessage, type JoinDetails } from './schema'

// Nothing here may import livekit-client or @livekit/*: the interview page and the dashboard use this module, and
// the LiveKit libraries must stay in the room's lazy chunk (see README.md).

function base(interviewId: string): string {
  return `/api/interviews/${encodeURIComponent(interviewId)}`
}

/** An empty 204 answer. */
const noContent = z.unknown()

/** POST /api/interviews/{id}/join → the LiveKit URL and token. 403 not on it, 409 cancelled or too early. */
export function useJoinCall(interviewId: string) {
  return useMutation({
    mutationFn: () => api.post(`${base(interviewId)}/join`, joinSchema),
  })
}

/** How long a join grant fetched ahead is used: well inside the token's 10 minutes. */
export const JOIN_GRANT_FRESH_MS = 4 * 60_000

/**
 * The same join, fetched ahead while the setup page is open and the call is open, and renewed before its token
 * gets old: clicking Join then connects at once instead of waiting for the app (and the app for LiveKit's room
 * API). The server's join is idempotent — it creates the room if needed and signs a token — and opening the room
 * alone does not start the call (the first participant does). A failure here is silent: Join then asks again,
 * and shows that answer.
 */
export function useJoinGrant(interviewId: string, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.join(interviewId),
    queryFn: () => api.post(`${base(interviewId)}/join`, joinSchema),
    enabled,
    staleTime: JOIN_GRANT_FRESH_MS,
    refetchInterval: JOIN_GRANT_FRESH_MS,
    gcTime: 0,
    retry: false,
  })
}

/** The grant fetched ahead, while it is fresh (read from the cache at the click, not from the last render). */
export function freshJoinGrant(queryClient: QueryClient, interviewId: string, now = Date.now()): JoinDetails | undefined {
  const state = queryClient.getQueryState<JoinDetails>(roomKeys.join(interviewId))
  if (!state?.data || now - state.dataUpdatedAt >= JOIN_GRANT_FRESH_MS) return undefined
  return state.data
}

/**
 * GET /api/interviews/{id}/chat, oldest first. A refetch is merged into what is cached instead of replacing it,
 * so a message that came over the data channel while the GET was on its way is never dropped.
 */
export function useChatHistory(interviewId: string, enabled = true) {
  return useQuery({
    queryKey: roomKeys.chat(interviewId),
    queryFn: ({ signal }) => api.get(`${base(interviewId)}/chat`, chatListSchema, { signal }).then((body) => body.messages),
    enabled,
    structuralSharing: (previous: unknown, next: unknown) =>
      mergeChat(previous as ChatMessage[] | undefined, next as ChatMessage[]),
  })
}

/** Adds messages (from the data channel, or our own POST's answer) to the cached chat, each id once. */
export function useAddChatMessages(interviewId: string) {
  const queryClient = useQueryClient()
  return useCallback(
    (messages: readonly ChatMessage[]) => {
      queryClient.setQueryData<ChatMessage[]>(roomKeys.chat(interviewId), (current) => mergeChat(current, messages))
    },
    [queryClient, interviewId],
  )
}

/**
 * POST /api/interviews/{id}/chat. The server stores the message and forwards it into the room on topic "chat";
 * the answer is added at once, so the sender sees it even before the data message comes back (it never does for
 * the sender: LiveKit does not echo data to its publisher).
 */
export function useSendChat(interviewId: string) {
  const add = useAddChatMessages(interviewId)
  return useMutation({
    mutationFn: (text: string) => api.post(`${base(interviewId)}/chat`, chatMessageSchema, { text }),
    onSuccess: (message) => {
      add([message])
    },
  })
}

/** GET /api/interviews/{id}/attendance: who joined the call and when they left. */
export function useAttendance(interviewId: string, enabled = true) {
  return useQuery({
    queryKey: roomKeys.attendance(interviewId),
    queryFn: ({ signal }) => api.get(`${base(interviewId)}/attendance`, attendanceSchema, { signal }).then((body) => body.attendance),
    enabled,
  })
}

/** POST …/room/end (owner, admin): the server tells everyone on topic "room-ended", then deletes the room. */
export function useEndCall(interviewId: string) {
  return useMutation({
    mutationFn: () => api.post(`${base(interviewId)}/room/end`, noContent),
  })
}

/** POST …/room/mute {identity} (owner, admin): mutes that participant's microphone. */
export function useMuteParticipant(interviewId: string) {
  return useMutation({
    mutationFn: (identity: string) => api.post(`${base(interviewId)}/room/mute`, noContent, { identity }),
  })
}

/** POST …/room/remove {identity} (owner, admin): takes that participant out of the call. */
export function useRemoveParticipant(interviewId: string) {
  return useMutation({
    mutationFn: (identity: string) => api.post(`${base(interviewId)}/room/remove`, noContent, { identity }),
  })
}

export type UseJoinCallResult = ReturnType<typeof useJoinCall>
export type UseChatHistoryResult = ReturnType<typeof useChatHistory>
export type UseAttendanceResult = ReturnType<typeof useAttendance>
