import { RotateCwIcon, TriangleAlertIcon } from 'lucide-react'

import { ErrorState } from '@/components/ErrorState'
import { PageHeader } from '@/components/PageHeader'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'

import { ComponentCard } from './ComponentCard'
import { OverallStatus } from './OverallStatus'
import { componentRows } from './present'
import { HEALTH_POLL_MS, useHealth } from './useHealth'

export function StatusPage() {
  const health = useHealth()
  const refetch = () => void health.refetch()

  let body
  if (health.data) {
    const rows = componentRows(health.data)
    body = (
      <>
        {health.isError ? (
          <div
            role="status"
            className="flex items-center gap-2 rounded-md border border-amber-600/25 bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:border-amber-400/20 dark:bg-amber-400/10 dark:text-amber-300"
          >
            <TriangleAlertIcon className="size-4 shrink-0" />
            The last check failed ({health.error.message}); showing the previous result.
          </div>
        ) : null}
        <OverallStatus health={health.data} rows={rows} />
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {rows.map((row) => (
            <ComponentCard key={row.name} row={row} checkedAt={health.data.checkedAt} />
          ))}
        </div>
      </>
    )
  } else if (health.isError) {
    body = <ErrorState error={health.error} onRetry={refetch} retrying={health.isFetching} />
  } else {
    body = (
      <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading status">
        <Skeleton className="h-20 w-full rounded-xl" />
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-36 rounded-xl" />
          ))}
        </div>
      </div>
    )
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="System status"
        description={`Health of the services Interview-Prep depends on, checked every ${HEALTH_POLL_MS / 1000} seconds.`}
        actions={
          <Button variant="outline" size="sm" onClick={refetch} data-testid="status-refresh">
            <RotateCwIcon className={health.isFetching ? 'animate-spin' : undefined} />
            Refresh
          </Button>
        }
      />
      {body}
    </div>
  )
}
