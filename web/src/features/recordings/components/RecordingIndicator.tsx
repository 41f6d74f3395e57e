import { cn } from '@/lib/utils'

/**
 * "● Recording", shown to everyone in the call while it is recorded. A status region: screen readers find it,
 * and the toasts of `useRecordingNotices` announce the changes.
 */
export function RecordingIndicator({ className }: { className?: string }) {
  return (
    <span
      role="status"
      data-testid="recording-indicator"
      title="This call is being recorded"
      className={cn(
        'inline-flex shrink-0 items-center gap-1.5 rounded-full border border-red-600/30 bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-300',
        className,
      )}
    >
      <span className="size-2 animate-pulse rounded-full bg-red-600 dark:bg-red-400" aria-hidden="true" />
      Recording
      <span className="sr-only"> this call</span>
    </span>
  )
}
