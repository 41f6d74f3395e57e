import { CloudOffIcon, RotateCwIcon, TriangleAlertIcon } from 'lucide-react'

import { Button } from '@/components/ui/button'
import { ApiError } from '@/lib/api'

/** A full-width error panel: "cannot reach the server" for transport failures, the server's message otherwise. */
export function ErrorState({
  error,
  title,
  onRetry,
  retrying = false,
}: {
  error: Error
  title?: string
  onRetry?: () => void
  retrying?: boolean
}) {
  const unreachable = error instanceof ApiError && error.unreachable
  const Icon = unreachable ? CloudOffIcon : TriangleAlertIcon
  const heading = title ?? (unreachable ? 'Cannot reach the server' : 'Something went wrong')
  const detail = unreachable
    ? 'The Interview-Prep server did not answer. Check that it is running, then try again.'
    : error.message

  return (
    <div
      role="alert"
      data-testid="error-state"
      className="flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center"
    >
      <div className="flex size-11 items-center justify-center rounded-full bg-muted">
        <Icon className="size-5 text-muted-foreground" />
      </div>
      <div className="space-y-1">
        <p className="font-medium">{heading}</p>
        <p className="max-w-md text-sm text-muted-foreground">{detail}</p>
      </div>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry} disabled={retrying}>
          <RotateCwIcon className={retrying ? 'animate-spin' : undefined} />
          Try again
        </Button>
      ) : null}
    </div>
  )
}
