import { CircleCheckIcon, TriangleAlertIcon } from 'lucide-react'

import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { cn } from '@/lib/utils'

import { formatTime, statusLabel, type ComponentRow } from './present'
import type { Health } from './schema'

export function OverallStatus({ health, rows }: { health: Health; rows: ComponentRow[] }) {
  const up = health.status === 'up'
  const notUp = rows.filter((row) => row.status !== 'up')
  const Icon = up ? CircleCheckIcon : TriangleAlertIcon

  return (
    <Card
      data-testid="overall-status"
      data-status={health.status}
      className={cn(
        'flex-row items-center gap-4 px-5',
        up
          ? 'border-emerald-600/20 bg-emerald-50/60 dark:border-emerald-400/20 dark:bg-emerald-400/5'
          : 'border-amber-600/25 bg-amber-50/70 dark:border-amber-400/20 dark:bg-amber-400/5',
      )}
    >
      <Icon
        className={cn('size-8 shrink-0', up ? 'text-emerald-600 dark:text-emerald-400' : 'text-amber-600 dark:text-amber-400')}
      />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-semibold">
          {up ? 'All systems operational' : `${statusLabel(health.status)}: ${notUp.length} of ${rows.length} components not up`}
        </p>
        <p className="text-sm text-muted-foreground">
          {up || notUp.length === 0
            ? 'Every component answered its last health check.'
            : notUp.map((row) => `${row.displayName} is ${statusLabel(row.status).toLowerCase()}`).join(' · ')}
        </p>
      </div>
      <div className="hidden shrink-0 flex-col items-end gap-1.5 text-xs text-muted-foreground sm:flex">
        <div className="flex gap-1.5">
          {health.version ? <Badge variant="outline">v{health.version}</Badge> : null}
          {health.mode ? <Badge variant="outline">{health.mode}</Badge> : null}
        </div>
        {health.checkedAt ? <span>Checked {formatTime(health.checkedAt)}</span> : null}
      </div>
    </Card>
  )
}
