import type { ReactNode } from 'react'

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'

import { formatDuration, formatLatency, formatTime, type ComponentRow } from './present'
import { StatusBadge } from './StatusBadge'

export function ComponentCard({ row, checkedAt }: { row: ComponentRow; checkedAt?: string }) {
  const { detail } = row
  const facts: { label: string; value: ReactNode }[] = []
  if (detail?.address) facts.push({ label: 'Address', value: <span className="font-mono text-xs">{detail.address}</span> })
  if (detail?.latencyMs !== undefined) facts.push({ label: 'Latency', value: formatLatency(detail.latencyMs) })
  if (detail?.since) {
    const duration = formatDuration(detail.since, checkedAt)
    facts.push({ label: 'Since', value: `${formatTime(detail.since)}${duration ? ` (${duration})` : ''}` })
  }
  if (detail?.restarts !== undefined) facts.push({ label: 'Restarts', value: detail.restarts })
  if (detail?.pid) facts.push({ label: 'PID', value: <span className="font-mono text-xs">{detail.pid}</span> })
  if (detail?.managed !== undefined) facts.push({ label: 'Run by', value: detail.managed ? 'Interview-Prep' : 'External' })

  return (
    <Card data-testid={`component-${row.name}`} data-status={row.status} className="gap-4">
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle>{row.displayName}</CardTitle>
          {detail?.description ? <CardDescription className="truncate">{detail.description}</CardDescription> : null}
        </div>
        <StatusBadge status={row.status} />
      </CardHeader>
      {facts.length > 0 || detail?.error ? (
        <CardContent className="space-y-3">
          {facts.length > 0 ? (
            <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-3">
              {facts.map((fact) => (
                <div key={fact.label} className="min-w-0">
                  <dt className="text-xs text-muted-foreground">{fact.label}</dt>
                  <dd className="truncate">{fact.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {detail?.error ? (
            <p
              data-testid="component-error"
              className="rounded-md border border-red-600/20 bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-700 dark:border-red-400/20 dark:bg-red-400/10 dark:text-red-300"
            >
              {detail.error}
            </p>
          ) : null}
        </CardContent>
      ) : null}
    </Card>
  )
}
