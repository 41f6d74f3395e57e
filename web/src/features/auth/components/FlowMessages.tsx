import { CircleAlertIcon, CircleCheckIcon, InfoIcon } from 'lucide-react'

import { Alert, AlertDescription, type AlertVariant } from '@/components/ui/alert'

import type { UiText } from '../schema'

const variants: Record<string, AlertVariant> = { error: 'destructive', success: 'success', info: 'info' }

/** Messages about the whole flow ("a code was sent", "your changes were saved"), shown above the forms. */
export function FlowMessages({ messages }: { messages: UiText[] }) {
  if (messages.length === 0) return null
  return (
    <div className="space-y-2">
      {messages.map((message, index) => {
        const Icon = message.type === 'error' ? CircleAlertIcon : message.type === 'success' ? CircleCheckIcon : InfoIcon
        return (
          <Alert
            key={`${message.id}-${index}`}
            variant={variants[message.type] ?? 'info'}
            role={message.type === 'error' ? 'alert' : 'status'}
            data-testid="flow-message"
            data-type={message.type}
            data-id={message.id}
          >
            <Icon />
            <AlertDescription>{message.text}</AlertDescription>
          </Alert>
        )
      })}
    </div>
  )
}
