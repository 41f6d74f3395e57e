import { useEffect, useRef } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'

import type { Notification } from './schema'

/**
 * Toasts each unread notification that appears after the first load (the live stream refetches the list when the
 * `notifications` topic fires). What was there at page load is not toasted again.
 */
export function useNotificationToasts(notifications: readonly Notification[] | undefined) {
  const known = useRef<Set<string> | null>(null)
  const navigate = useNavigate()

  useEffect(() => {
    if (notifications === undefined) return
    if (known.current === null) {
      known.current = new Set(notifications.map((n) => n.id))
      return
    }
    const seen = known.current
    for (const n of notifications) {
      if (seen.has(n.id)) continue
      seen.add(n.id)
      if (n.read) continue
      const interviewId = n.interviewId
      toast(n.title, {
        id: `notification-${n.id}`,
        description: n.body || undefined,
        action: interviewId
          ? {
              label: 'Open',
              onClick: () => {
                void navigate(`/interviews/${encodeURIComponent(interviewId)}`)
              },
            }
          : undefined,
      })
    }
  }, [notifications, navigate])
}
