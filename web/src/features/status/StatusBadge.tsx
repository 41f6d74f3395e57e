import { Badge } from '@/components/ui/badge'
import { cn } from '@/lib/utils'

import { statusLabel, statusVariant } from './present'

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge variant={statusVariant(status)} className={className} data-testid="status-badge">
      <span className={cn('size-1.5 rounded-full bg-current', status === 'starting' && 'animate-pulse')} />
      {statusLabel(status)}
    </Badge>
  )
}
