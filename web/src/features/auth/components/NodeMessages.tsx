import { CircleAlertIcon, CircleCheckIcon, InfoIcon } from 'lucide-react'

import { cn } from '@/lib/utils'

import type { UiText } from '../schema'

/** Messages Kratos attached to one node, shown right under it. */
export function NodeMessages({ messages, name, id }: { messages: UiText[]; name: string; id?: string }) {
  if (messages.length === 0) return null
  return (
    <div id={id} className="space-y-1">
      {messages.map((message, index) => {
        const Icon = message.type === 'error' ? CircleAlertIcon : message.type === 'success' ? CircleCheckIcon : InfoIcon
        return (
          <p
            key={`${message.id}-${index}`}
            data-testid="node-message"
            data-for={name}
            data-type={message.type}
            className={cn(
              'flex items-start gap-1.5 text-[0.8rem] leading-snug',
              message.type === 'error'
                ? 'text-red-600 dark:text-red-400'
                : message.type === 'success'
                  ? 'text-emerald-700 dark:text-emerald-400'
                  : 'text-muted-foreground',
            )}
          >
            <Icon className="mt-px size-3.5 shrink-0" aria-hidden="true" />
            <span>{message.text}</span>
          </p>
        )
      })}
    </div>
  )
}
