import { useEffect, useState, useSyncExternalStore } from 'react'

import { loadAutomerge } from '../automerge'
import { CollabClient, type SyncStatus } from '../collab'

/**
 * The page's CollabClient: made once Automerge's wasm has loaded, closed (after writing what is left to IndexedDB)
 * when the workspace unmounts. Null until ready.
 */
export function useCollab(enabled = true): { client: CollabClient | null; error: Error | null } {
  const [client, setClient] = useState<CollabClient | null>(null)
  const [error, setError] = useState<Error | null>(null)
  useEffect(() => {
    if (!enabled) return
    let made: CollabClient | null = null
    let active = true
    loadAutomerge().then(
      () => {
        if (!active) return
        made = new CollabClient()
        setClient(made)
      },
      (err: unknown) => {
        if (active) setError(err instanceof Error ? err : new Error(String(err)))
      },
    )
    const onHide = () => {
      void made?.flush()
    }
    window.addEventListener('pagehide', onHide)
    return () => {
      active = false
      window.removeEventListener('pagehide', onHide)
      void made?.close()
    }
  }, [enabled])
  return { client, error }
}

const noop = () => () => undefined

/** Live, syncing, offline or connecting (see CollabClient). */
export function useSyncStatus(client: CollabClient | null): SyncStatus {
  return useSyncExternalStore(client?.subscribe ?? noop, () => client?.status ?? 'connecting')
}
