import { Badge } from '@/components/ui/badge'
import { cn } from '@/lib/utils'

import { roleBadgeVariants, roleLabels } from './present'
import type { Role } from './schema'

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return (
    <Badge variant={roleBadgeVariants[role]} className={cn('capitalize', className)} data-testid="role-badge" data-role={role}>
      {roleLabels[role]}
    </Badge>
  )
}
