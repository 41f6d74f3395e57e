import { BellIcon, CalendarClockIcon, CalendarPlusIcon, CalendarXIcon, CheckCheckIcon, PencilIcon, type LucideIcon } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { formatRelative } from '@/features/interviews/time'
import { cn } from '@/lib/utils'

import type { Notification } from './schema'
import { useMarkRead, useNotifications } from './useNotifications'
import { useNotificationToasts } from './useNotificationToasts'

const kindIcons: Record<string, LucideIcon> = {
  invited: CalendarPlusIcon,
  updated: PencilIcon,
  cancelled: CalendarXIcon,
  reminder: CalendarClockIcon,
}

/** The header bell: unread count, and a list that is marked read when opened. Signed-in users only. */
export function NotificationsBell() {
  const notifications = useNotifications()
  const markRead = useMarkRead()
  const [open, setOpen] = useState(false)
  // What was unread when the list opened stays highlighted while it is open.
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set())
  const data = notifications.data
  const unread = data?.unread ?? 0
  const shownCount = unread > 99 ? '99+' : String(unread)

  useNotificationToasts(data?.notifications)

  const onOpenChange = (next: boolean) => {
    setOpen(next)
    if (!next || !data) return
    const ids = data.notifications.filter((n) => !n.read).map((n) => n.id)
    setFresh(new Set(ids))
    if (ids.length > 0) markRead.mutate({ ids })
  }

  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="relative"
          data-testid="notifications-bell"
          // The name holds the count exactly as the badge shows it ("99+"), so it contains the visible text.
          aria-label={unread > 0 ? `Notifications, ${shownCount} unread` : 'Notifications'}
        >
          <BellIcon />
          {unread > 0 ? (
            <span
              className="absolute top-1 right-1 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] leading-none font-semibold text-white tabular-nums"
              data-testid="notifications-count"
            >
              {shownCount}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 p-0" data-testid="notifications-panel">
        <div className="flex items-center justify-between border-b px-4 py-2.5">
          <p className="text-sm font-medium">Notifications</p>
          <Button
            variant="ghost"
            size="sm"
            className="-mr-2 h-7"
            disabled={!data || data.notifications.every((n) => n.read)}
            onClick={() => {
              markRead.mutate({ all: true })
            }}
            data-testid="notifications-mark-all"
          >
            <CheckCheckIcon />
            Mark all read
          </Button>
        </div>
        <NotificationList
          notifications={data?.notifications}
          fresh={fresh}
          failed={notifications.isError && !data}
          onNavigate={() => {
            setOpen(false)
          }}
        />
      </PopoverContent>
    </Popover>
  )
}

function NotificationList({
  notifications,
  fresh,
  failed,
  onNavigate,
}: {
  notifications: readonly Notification[] | undefined
  fresh: ReadonlySet<string>
  failed: boolean
  onNavigate: () => void
}) {
  if (failed) return <p className="px-4 py-6 text-center text-sm text-muted-foreground">Could not load notifications.</p>
  if (!notifications) return <p className="px-4 py-6 text-center text-sm text-muted-foreground">Loading…</p>
  if (notifications.length === 0) {
    return (
      <p className="px-4 py-6 text-center text-sm text-muted-foreground" data-testid="notifications-empty">
        Nothing yet. Invitations, changes and reminders for your interviews show up here.
      </p>
    )
  }
  const now = new Date()
  return (
    <ul className="max-h-96 divide-y overflow-y-auto">
      {notifications.map((n) => {
        const Icon = kindIcons[n.kind] ?? BellIcon
        const highlighted = fresh.has(n.id) || !n.read
        const content = (
          <>
            <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <span className="min-w-0 flex-1 space-y-0.5">
              <span className="block text-sm font-medium">{n.title}</span>
              {n.body ? <span className="block text-xs text-muted-foreground">{n.body}</span> : null}
              <span className="block text-xs text-muted-foreground">{formatRelative(n.createdAt, now)}</span>
            </span>
            {highlighted ? <span className="mt-1.5 size-2 shrink-0 rounded-full bg-sky-500" role="img" aria-label="New" /> : null}
          </>
        )
        const className = cn('flex gap-3 px-4 py-3 text-left', highlighted && 'bg-sky-50/60 dark:bg-sky-400/5')
        return (
          <li key={n.id} data-testid="notification-item" data-id={n.id} data-kind={n.kind} data-read={n.read}>
            {n.interviewId ? (
              <Link
                to={`/interviews/${encodeURIComponent(n.interviewId)}`}
                className={cn(className, 'outline-none hover:bg-accent focus-visible:bg-accent')}
                onClick={onNavigate}
              >
                {content}
              </Link>
            ) : (
              <div className={className}>{content}</div>
            )}
          </li>
        )
      })}
    </ul>
  )
}
