import { cn } from '@/lib/utils'

import type { ChatMessage } from '../schema'

// No LiveKit import here: the interview page shows the kept chat with this list too.

function time(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)
}

/** Chat messages, oldest first; the viewer's own are marked "You". */
export function ChatMessageList({ messages, myId, testId }: { messages: readonly ChatMessage[]; myId: string; testId: string }) {
  return (
    <ol className="space-y-3">
      {messages.map((message, i) => {
        const mine = message.userId === myId
        const previous = messages[i - 1]
        const continued = previous !== undefined && previous.userId === message.userId
        return (
          <li key={message.id} data-testid={testId} data-id={message.id} data-mine={mine} className={cn('min-w-0', continued && '-mt-2')}>
            {!continued ? (
              <p className="flex items-baseline gap-2 text-xs text-muted-foreground">
                <span className="truncate font-medium text-foreground">{mine ? 'You' : message.name || 'Someone'}</span>
                <time dateTime={message.sentAt}>{time(message.sentAt)}</time>
              </p>
            ) : null}
            <p className="text-sm break-words whitespace-pre-wrap" data-testid={`${testId}-text`}>
              {message.text}
            </p>
          </li>
        )
      })}
    </ol>
  )
}
