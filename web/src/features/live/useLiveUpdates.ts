import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

import { LiveStream, type EventSourceFactory } from './stream'
import { ALL, isLiveKey, keysForTopics } from './topics'

export const EVENTS_URL = '/api/events'

/** Invalidates (refetches, when on screen) the queries the topics name. */
export function invalidateTopics(queryClient: QueryClient, topics: readonly string[]): Promise<void> {
  const keys = keysForTopics(topics)
  if (keys === ALL) return queryClient.invalidateQueries()
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined)
}

/** A query events keep fresh that holds data or is fetching: its server read may predate the stream. */
function readBeforeNow(query: Query): boolean {
  return isLiveKey(query.queryKey) && (query.state.dataUpdatedAt > 0 || query.state.fetchStatus === 'fetching')
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
        onFirstOpen: () => {
          // An event sent between a query's fetch and this moment reached nobody: refetch what was read (or is
          // being read) before the stream listened. (A dashboard opened just as an interview was scheduled
          // elsewhere missed it.)
          void queryClient.invalidateQueries({ predicate: readBeforeNow })
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
