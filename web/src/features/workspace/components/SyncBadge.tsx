import { CloudIcon, CloudOffIcon, LoaderCircleIcon, RefreshCwIcon } from 'lucide-react'

import { cn } from '@/lib/utils'

import type { SyncStatus } from '../collab'

const LABELS: Record<SyncStatus, { text: string; title: string }> = {
  live: { text: 'Live', title: 'Connected: everyone sees your edits as you type.' },
  syncing: { text: 'Syncing…', title: 'Sending your latest edits.' },
  offline: { text: 'Offline', title: 'Offline: your edits are kept on this device and merge when you are back.' },
  connecting: { text: 'Connecting…', title: 'Connecting to the collaboration server.' },
}

/** Where the page stands with the collaboration server, in words (not colour alone). */
export function SyncBadge({ status }: { status: SyncStatus }) {
  const { text, title } = LABELS[status]
  const Icon = status === 'live' ? CloudIcon : status === 'offline' ? CloudOffIcon : status === 'syncing' ? RefreshCwIcon : LoaderCircleIcon
  return (
    <span
      role="status"
      title={title}
      data-testid="sync-status"
      data-status={status}
      className={cn(
        'inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs',
        status === 'offline' && 'border-amber-600/40 bg-amber-50 text-amber-900 dark:bg-amber-400/10 dark:text-amber-200',
        status === 'live' && 'text-emerald-700 dark:text-emerald-300',
      )}
    >
      <Icon className={cn('size-3.5', status === 'connecting' && 'animate-spin')} aria-hidden="true" />
      {text}
      {status === 'offline' ? <span className="sr-only"> — your edits are kept on this device</span> : null}
    </span>
  )
}
