import type { AutomergeUrl, Doc, DocHandle } from '@automerge/automerge-repo/slim'
import { useEffect, useState, useSyncExternalStore } from 'react'

import type { CollabClient } from '../collab'

export type DocumentState<T> =
  | { state: 'loading'; handle: null; doc: undefined }
  | { state: 'ready'; handle: DocHandle<T>; doc: Doc<T> }
  | { state: 'unavailable'; handle: null; doc: undefined; error: Error }

/** How often to ask again for a document that neither IndexedDB nor the server had (the server may be down). */
const RETRY_MS = 3000

/**
 * Opens `url` in the page's repo: at once from IndexedDB when this browser has it (offline too), else from the
 * server; re-renders on every change, local or remote. `url` null: nothing (e.g. the candidate has no notes).
 */
export function useDocument<T>(client: CollabClient | null, url: string | null): DocumentState<T> {
  const [handle, setHandle] = useState<{ url: string; handle: DocHandle<T> } | null>(null)
  const [failure, setFailure] = useState<{ url: string; error: Error } | null>(null)

  useEffect(() => {
    if (!client || !url) return
    const controller = new AbortController()
    let retry: ReturnType<typeof setTimeout> | undefined
    const open = () => {
      client.repo.find<T>(url as AutomergeUrl, { signal: controller.signal }).then(
        (found) => {
          setFailure(null)
          setHandle({ url, handle: found })
        },
        (err: unknown) => {
          if (controller.signal.aborted) return
          setFailure({ url, error: err instanceof Error ? err : new Error(String(err)) })
          retry = setTimeout(open, RETRY_MS)
        },
      )
    }
    open()
    return () => {
      controller.abort()
      clearTimeout(retry)
    }
  }, [client, url])

  const current = handle && handle.url === url ? handle.handle : null
  const doc = useSyncExternalStore(
    (notify) => {
      if (!current) return () => undefined
      current.on('change', notify)
      return () => {
        current.off('change', notify)
      }
    },
    () => (current ? current.doc() : undefined),
  )
  if (current && doc) return { state: 'ready', handle: current, doc }
  if (failure && failure.url === url) return { state: 'unavailable', handle: null, doc: undefined, error: failure.error }
  return { state: 'loading', handle: null, doc: undefined }
}
