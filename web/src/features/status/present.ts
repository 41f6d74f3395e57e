import type { BadgeVariant } from '@/components/ui/badge'

import type { ComponentDetail, Health } from './schema'

const displayNames: Record<string, string> = {
  database: 'Database',
  kratos: 'Identity (Ory Kratos)',
  livekit: 'Video (LiveKit)',
  mail: 'Mail',
}

const order = Object.keys(displayNames)

export function componentDisplayName(name: string): string {
  return displayNames[name] ?? name
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'up':
      return 'Up'
    case 'down':
      return 'Down'
    case 'starting':
      return 'Starting'
    case 'degraded':
      return 'Degraded'
    default:
      return status
  }
}

export function statusVariant(status: string): BadgeVariant {
  switch (status) {
    case 'up':
      return 'success'
    case 'starting':
    case 'degraded':
      return 'warning'
    case 'down':
      return 'destructive'
    default:
      return 'secondary'
  }
}

export interface ComponentRow {
  name: string
  displayName: string
  status: string
  detail?: ComponentDetail
}

/** Components in a stable order: the known ones first, then any others by name. */
export function componentRows(health: Health): ComponentRow[] {
  const rank = (name: string) => {
    const i = order.indexOf(name)
    return i === -1 ? order.length : i
  }
  return Object.entries(health.components)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, status]) => ({
      name,
      displayName: componentDisplayName(name),
      status,
      detail: health.details?.[name],
    }))
}

export function formatLatency(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  return `${Math.round(ms)} ms`
}

/** "2h 5m", "3m 12s", "40s" between two instants; empty when either is missing or invalid. */
export function formatDuration(from: string | undefined, to: string | undefined): string {
  if (!from || !to) return ''
  const seconds = Math.floor((Date.parse(to) - Date.parse(from)) / 1000)
  if (!Number.isFinite(seconds) || seconds < 0) return ''
  const d = Math.floor(seconds / 86400)
  const h = Math.floor((seconds % 86400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${m}m`
  if (m > 0) return `${m}m ${s}s`
  return `${s}s`
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString()
}
