import { InboxIcon } from 'lucide-react'
import { Link } from 'react-router'

import { cn } from '@/lib/utils'

import { formatListDate, shortName } from './format'
import type { MailSummary } from './schema'

export function MailList({ messages, selectedId }: { messages: MailSummary[]; selectedId?: string }) {
  if (messages.length === 0) {
    return (
      <div className="flex h-full flex-col items-center justify-center gap-2 px-6 py-12 text-center">
        <InboxIcon className="size-6 text-muted-foreground" />
        <p className="text-sm font-medium">No mail yet</p>
        <p className="text-xs text-muted-foreground">Mail the app sends in dev mode lands here.</p>
      </div>
    )
  }

  return (
    <ul className="divide-y" aria-label="Messages">
      {messages.map((message) => {
        const selected = message.ID === selectedId
        return (
          <li key={message.ID}>
            <Link
              to={`/dev/mail/${encodeURIComponent(message.ID)}`}
              data-testid="mail-item"
              data-read={message.Read}
              aria-current={selected ? 'true' : undefined}
              className={cn(
                'block space-y-0.5 px-4 py-3 outline-none transition-colors hover:bg-accent/60 focus-visible:bg-accent',
                selected && 'bg-accent',
              )}
            >
              <div className="flex items-center justify-between gap-2">
                <span className={cn('flex min-w-0 items-center gap-2 text-sm', !message.Read && 'font-semibold')}>
                  {message.Read ? null : <span className="size-2 shrink-0 rounded-full bg-blue-500" role="img" aria-label="Unread" />}
                  <span className="truncate">{shortName(message.From)}</span>
                </span>
                <time className="shrink-0 text-xs text-muted-foreground" dateTime={message.Created}>
                  {formatListDate(message.Created)}
                </time>
              </div>
              <p className="truncate text-sm">{message.Subject || '(no subject)'}</p>
              <p className="truncate text-xs text-muted-foreground">{message.Snippet}</p>
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
