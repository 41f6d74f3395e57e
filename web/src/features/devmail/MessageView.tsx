import { useState } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'

import { formatAddress, formatFullDate } from './format'
import type { MailMessage } from './schema'
import { useMailMessage } from './useMail'

type Part = 'text' | 'html'

export function MessageView({ id }: { id: string }) {
  const message = useMailMessage(id)

  if (message.data) return <MessageBody message={message.data} />
  if (message.isError) {
    return (
      <div className="p-4">
        <ErrorState error={message.error} title="Could not load this message" onRetry={() => void message.refetch()} />
      </div>
    )
  }
  return (
    <div className="space-y-3 p-5" aria-busy="true">
      <Skeleton className="h-6 w-2/3" />
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-40 w-full" />
    </div>
  )
}

function MessageBody({ message }: { message: MailMessage }) {
  const [chosen, setChosen] = useState<Part | null>(null)
  const hasText = message.Text.trim() !== ''
  const hasHtml = message.HTML.trim() !== ''
  const part: Part = chosen ?? (hasText || !hasHtml ? 'text' : 'html')

  return (
    <article className="flex h-full min-h-0 flex-col" data-testid="mail-message">
      <header className="space-y-3 border-b px-5 py-4">
        <h2 className="text-lg font-semibold break-words">{message.Subject || '(no subject)'}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted-foreground">From</dt>
          <dd className="min-w-0 break-words">{formatAddress(message.From)}</dd>
          <dt className="text-muted-foreground">To</dt>
          <dd className="min-w-0 break-words">{message.To.map(formatAddress).join(', ') || '—'}</dd>
          {message.Date ? (
            <>
              <dt className="text-muted-foreground">Date</dt>
              <dd>{formatFullDate(message.Date)}</dd>
            </>
          ) : null}
        </dl>
        {hasText && hasHtml ? (
          <div className="inline-flex rounded-md border p-0.5" role="group" aria-label="Message part">
            {(['text', 'html'] as const).map((value) => (
              <Button
                key={value}
                size="sm"
                variant={part === value ? 'secondary' : 'ghost'}
                className="h-7"
                aria-pressed={part === value}
                onClick={() => {
                  setChosen(value)
                }}
              >
                {value === 'text' ? 'Text' : 'HTML'}
              </Button>
            ))}
          </div>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {part === 'html' ? (
          <iframe
            title="HTML part"
            sandbox=""
            srcDoc={message.HTML}
            className="h-full min-h-96 w-full bg-white"
            data-testid="mail-html"
          />
        ) : (
          <pre className="px-5 py-4 font-sans text-sm whitespace-pre-wrap break-words" data-testid="mail-text">
            {hasText ? message.Text : '(empty message)'}
          </pre>
        )}
      </div>
    </article>
  )
}
