import { CookieIcon, RotateCwIcon } from 'lucide-react'

import { ErrorState } from '@/components/ErrorState'
import { Button } from '@/components/ui/button'

import type { UseFlowResult } from '../useFlow'
import { AuthCardSkeleton } from './AuthLayout'

/** What a flow page shows before its flow is ready: a skeleton, the error, or why we stopped restarting. */
export function FlowPending({ flow, label, inCard = true }: { flow: UseFlowResult; label: string; inCard?: boolean }) {
  if (flow.stuck) {
    return (
      <div
        role="alert"
        data-testid="flow-stuck"
        className="flex flex-col items-center gap-3 rounded-xl border bg-card px-6 py-10 text-center"
      >
        <div className="flex size-11 items-center justify-center rounded-full bg-muted">
          <CookieIcon className="size-5 text-muted-foreground" />
        </div>
        <p className="font-medium">This page could not start</p>
        <p className="max-w-sm text-sm text-muted-foreground">
          The sign-in service kept rejecting the request. Make sure cookies are allowed for this site and that you use
          the address the server was configured with, then try again.
        </p>
        <Button variant="outline" size="sm" onClick={flow.retry}>
          <RotateCwIcon />
          Try again
        </Button>
      </div>
    )
  }
  if (flow.error) return <ErrorState error={flow.error} onRetry={flow.retry} />
  if (!inCard) return <div role="status" aria-busy="true" aria-label={label} data-testid="auth-loading" className="min-h-40" />
  return <AuthCardSkeleton label={label} />
}
