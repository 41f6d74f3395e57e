import { useEffect } from 'react'

import { reportSignal } from '../api'

/** Shorter absences (a click on the browser's own UI, a notification) are not worth a line. */
export const MIN_AWAY_MS = 2000

/**
 * The candidate's page: reports each stretch of time the page was hidden or lost focus, once it is back (the
 * interviewers see it with its time, and so does the candidate).
 */
export function useAwaySignals(interviewId: string, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return
    let leftAt: number | null = null
    const leave = () => {
      leftAt ??= Date.now()
    }
    const back = () => {
      if (document.visibilityState !== 'visible' || !document.hasFocus()) return
      if (leftAt === null) return
      const awayMs = Date.now() - leftAt
      leftAt = null
      if (awayMs >= MIN_AWAY_MS) void reportSignal(interviewId, { kind: 'away', awayMs })
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') leave()
      else back()
    }
    window.addEventListener('blur', leave)
    window.addEventListener('focus', back)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('blur', leave)
      window.removeEventListener('focus', back)
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [interviewId, enabled])
}

/** Pastes from this many characters on are reported: typing a line is not a paste worth noting. */
export const LARGE_PASTE_CHARS = 100
