import { Badge } from '@/components/ui/badge'
import { cn } from '@/lib/utils'

import { outcomeLabels, outcomeVariants, statusLabels, statusVariants } from '../present'
import type { InterviewStatus, Outcome } from '../schema'

export function InterviewStatusBadge({
  status,
  className,
  testId,
}: {
  status: InterviewStatus
  className?: string
  testId?: string
}) {
  return (
    <Badge variant={statusVariants[status]} className={className} data-testid={testId} data-status={status}>
      {status === 'live' ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden="true" /> : null}
      {statusLabels[status]}
    </Badge>
  )
}

export function OutcomeBadge({ outcome, className, testId }: { outcome: Outcome; className?: string; testId?: string }) {
  return (
    <Badge variant={outcomeVariants[outcome]} className={cn(className)} data-testid={testId} data-outcome={outcome}>
      {outcomeLabels[outcome]}
    </Badge>
  )
}
