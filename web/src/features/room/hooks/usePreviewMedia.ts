import { createLocalTracks } from 'livekit-client'
import { useEffect, useState, useSyncExternalStore } from 'react'

import { PreviewMedia, type Wanted } from '../preview'

/**
 * The setup page's preview tracks. `initial` is read once, on mount; later changes go through `media.set(…)` from
 * event handlers (never from an effect), so a toggle opens or closes exactly one device.
 */
export function usePreviewMedia(initial: Wanted) {
  const [media] = useState(() => new PreviewMedia(createLocalTracks))
  const [wanted] = useState(initial)
  const snapshot = useSyncExternalStore(media.subscribe, media.getSnapshot)

  useEffect(() => {
    void media.open(wanted)
    return () => {
      media.close()
    }
  }, [media, wanted])

  return { ...snapshot, media }
}

export type UsePreviewMediaResult = ReturnType<typeof usePreviewMedia>
