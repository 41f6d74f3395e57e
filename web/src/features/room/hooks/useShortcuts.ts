import { useContext, useEffect } from 'react'

import { CallShownContext } from '../callShown'
import { shortcutFor, type ShortcutAction } from '../shortcuts'

/** Ctrl/⌘+D and Ctrl/⌘+E anywhere on the page (even in the chat box: neither types a character), once the call shows. */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>) {
  const shown = useContext(CallShownContext)
  useEffect(() => {
    if (!shown) return
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event)
      if (!action) return
      event.preventDefault()
      handlers[action]()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => {
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [handlers, shown])
}
