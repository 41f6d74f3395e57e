import { lazy, Suspense } from 'react'

import { Skeleton } from '@/components/ui/skeleton'
import { cn } from '@/lib/utils'

// The parser, sanitiser and highlighter load with the first statement shown, not with the app.
const MarkdownView = lazy(() => import('./markdown/MarkdownView'))

export interface MarkdownProps {
  source: string
  className?: string
  /** The test id of the rendered text (not of the placeholder shown while the renderer loads). */
  testId?: string
}

/** Renders a problem statement or any other Markdown the users write; see `markdown/MarkdownView.tsx`. */
export function Markdown(props: MarkdownProps) {
  return (
    <Suspense
      fallback={
        <div className={cn('space-y-2', props.className)} aria-busy="true">
          <span className="sr-only">Loading…</span>
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </div>
      }
    >
      <MarkdownView {...props} />
    </Suspense>
  )
}
