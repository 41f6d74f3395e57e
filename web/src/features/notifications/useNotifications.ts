import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'

import { api } from '@/lib/api'

import { notificationsSchema, type Notifications } from './schema'

export const NOTIFICATIONS_QUERY_KEY = ['notifications'] as const

/** GET /api/notifications: the newest notifications and the unread count. Refetched by the live stream. */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: NOTIFICATIONS_QUERY_KEY,
    queryFn: ({ signal }) => api.get('/api/notifications', notificationsSchema, { signal }),
    enabled,
  })
}

export type MarkReadInput = { ids: string[] } | { all: true }

/** POST /api/notifications/read → 204. Marks them read in the cache at once, then refetches. */
export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: MarkReadInput) => api.post('/api/notifications/read', z.unknown(), input),
    onMutate: async (input) => {
      await queryClient.cancelQueries({ queryKey: NOTIFICATIONS_QUERY_KEY })
      const previous = queryClient.getQueryData<Notifications>(NOTIFICATIONS_QUERY_KEY)
      if (previous) {
        const ids = 'ids' in input ? new Set(input.ids) : null
        const notifications = previous.notifications.map((n) => (ids === null || ids.has(n.id) ? { ...n, read: true } : n))
        const marked = previous.notifications.filter((n) => !n.read && (ids === null || ids.has(n.id))).length
        queryClient.setQueryData<Notifications>(NOTIFICATIONS_QUERY_KEY, {
          notifications,
          unread: ids === null ? 0 : Math.max(0, previous.unread - marked),
        })
      }
      return { previous }
    },
    onError: (_err, _input, context) => {
      if (context?.previous) queryClient.setQueryData(NOTIFICATIONS_QUERY_KEY, context.previous)
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }),
  })
}

export type UseNotificationsResult = ReturnType<typeof useNotifications>
export type UseMarkReadResult = ReturnType<typeof useMarkRead>
