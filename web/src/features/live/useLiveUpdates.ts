import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

import { LiveStream, type EventSourceFactory } from './stream'
import { ALL, keysForTopics } from './topics'

export const EVENTS_URL = '/api/events'

/** Invalidates (refetches, when on screen) the queries the topics name. */
export function invalidateTopics(queryClient: QueryClient, topics: readonly string[]): Promise<void> {
  const keys = keysForTopics(topics)
  if (keys === ALL) return queryClient.invalidateQueries()
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined)
}

/**
 * One `GET /api/events` stream while `enabled` (signed in): each `invalidate` event refetches the matching
 * queries, so changes made elsewhere show without a reload. Mount it once, in the app shell.
 */
export function useLiveUpdates(enabled: boolean, createSource?: EventSourceFactory) {
  const queryClient = useQueryClient()

  useEffect(() => {
    if (!enabled) return
    if (createSource === undefined && typeof EventSource === 'undefined') return
    const stream = new LiveStream(
      EVENTS_URL,
      {
        onTopics: (topics) => {
          void invalidateTopics(queryClient, topics)
        },
        onReconnect: () => {
          void queryClient.invalidateQueries()
        },
      },
      createSource,
    )
    stream.open()
    return () => {
      stream.close()
    }
  }, [enabled, queryClient, createSource])
}
