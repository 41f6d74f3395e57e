import { CircleCheckIcon, CircleDashedIcon, CircleXIcon, LoaderCircleIcon } from 'lucide-react'

import { cn } from '@/lib/utils'

import type { Run } from '../api'
import { outcome, statusText } from '../present'

/**
 * The shown run's status in words, with an icon (never colour alone). It stays mounted with or without a run, so
 * screen readers announce each change of the live region (queued → running → done).
 */
export function StatusLine({ run }: { run: Run | undefined }) {
  const how = run ? outcome(run) : null
  const Icon = how === 'pending' ? LoaderCircleIcon : how === 'ok' ? CircleCheckIcon : how === 'bad' ? CircleXIcon : CircleDashedIcon
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="run-status"
      data-status={run?.status ?? 'none'}
      data-run-id={run?.id}
      className={cn(
        'flex min-w-0 items-start gap-2 text-sm font-medium',
        how === 'ok' && 'text-emerald-700 dark:text-emerald-400',
        how === 'bad' && 'text-destructive',
        how === null && 'font-normal text-muted-foreground',
      )}
    >
      <Icon className={cn('mt-0.5 size-4 shrink-0', how === 'pending' && 'animate-spin')} aria-hidden="true" />
      <span className="min-w-0 break-words">{run ? statusText(run) : 'No runs yet'}</span>
    </div>
  )
}
