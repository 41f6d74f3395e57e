import { memo, useEffect, useRef } from 'react'

import { Markdown } from '@/components/Markdown'
import type { ChatMessage } from '@/features/room/schema'
import { cn } from '@/lib/utils'

import type { NotesView, ProblemView } from '../model/docs'

export const ProblemPanel = memo(function ProblemPanel({ problem }: { problem: ProblemView | null }) {
  if (!problem) return <p className="p-4 text-sm text-muted-foreground">The problem could not be loaded.</p>
  return (
    <div className="space-y-3 p-4">
      <h2 className="text-lg font-semibold">{problem.title || 'Untitled problem'}</h2>
      {problem.statement ? <Markdown source={problem.statement} /> : <p className="text-sm text-muted-foreground">No statement yet.</p>}
    </div>
  )
})

export const NotesPanel = memo(function NotesPanel({ notes }: { notes: NotesView | null }) {
  if (!notes) return <p className="p-4 text-sm text-muted-foreground">No notes for this interview.</p>
  return (
    <div className="space-y-4 p-4">
      {notes.text ? (
        <p className="text-sm break-words whitespace-pre-wrap">{notes.text}</p>
      ) : (
        <p className="text-sm text-muted-foreground">No notes yet at this moment.</p>
      )}
      {notes.remarks.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-sm font-medium">Remarks on the code</h2>
          <ul className="space-y-2">
            {notes.remarks.map((remark) => (
              <li key={remark.id} className="rounded-md border p-2 text-sm">
                <p className="text-xs text-muted-foreground">{remark.authorName || 'Someone'}</p>
                <p className="break-words whitespace-pre-wrap">{remark.text}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
})

function clock(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

/** The chat up to t, the latest message highlighted and scrolled into view. */
export const ChatPanel = memo(function ChatPanel({
  messages,
  nameOf,
}: {
  messages: readonly ChatMessage[]
  nameOf: (userId: string, fallback?: string) => string
}) {
  const latest = useRef<HTMLLIElement>(null)
  const last = messages[messages.length - 1]
  useEffect(() => {
    // Not every environment has scrollIntoView (jsdom).
    const element = latest.current as { scrollIntoView?: (options: ScrollIntoViewOptions) => void } | null
    element?.scrollIntoView?.({ block: 'nearest' })
  }, [last?.id])
  if (messages.length === 0) return <p className="p-4 text-sm text-muted-foreground">No messages yet at this moment.</p>
  return (
    <ol className="space-y-2 p-4">
      {messages.map((message) => {
        const isLatest = message === last
        return (
          <li
            key={message.id}
            ref={isLatest ? latest : undefined}
            data-testid="replay-chat-message"
            data-latest={isLatest}
            aria-current={isLatest ? 'true' : undefined}
            className={cn('rounded-md px-2 py-1', isLatest && 'bg-accent text-accent-foreground ring-1 ring-ring/40')}
          >
            <p className="flex items-baseline gap-2 text-xs text-muted-foreground">
              <span className="font-medium text-foreground">{nameOf(message.userId, message.name)}</span>
              <time dateTime={message.sentAt}>{clock(message.sentAt)}</time>
            </p>
            <p className="text-sm break-words whitespace-pre-wrap">{message.text}</p>
          </li>
        )
      })}
    </ol>
  )
})
