import { useQuery } from '@tanstack/react-query'

import { api } from '@/lib/api'

import { mailListSchema, mailMessageSchema } from './schema'

export const MAIL_POLL_MS = 5000

export function useMailList(enabled: boolean) {
  return useQuery({
    queryKey: ['devmail', 'list'],
    queryFn: ({ signal }) => api.get('/api/dev/mail/messages?limit=50', mailListSchema, { signal }),
    refetchInterval: MAIL_POLL_MS,
    enabled,
  })
}

export function useMailMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['devmail', 'message', id],
    queryFn: ({ signal }) =>
      api.get(`/api/dev/mail/message/${encodeURIComponent(id ?? '')}`, mailMessageSchema, { signal }),
    enabled: id !== undefined,
    staleTime: Infinity,
  })
}

export type UseMailListResult = ReturnType<typeof useMailList>
export type UseMailMessageResult = ReturnType<typeof useMailMessage>
