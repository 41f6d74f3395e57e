import type { LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'

/** A dashed panel saying there is nothing to show, and why. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  testId,
}: {
  icon: LucideIcon
  title: string
  children?: ReactNode
  testId?: string
}) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed px-6 py-12 text-center" data-testid={testId}>
      <Icon className="size-6 text-muted-foreground" />
      <p className="font-medium">{title}</p>
      {children ? <p className="max-w-md text-sm text-muted-foreground">{children}</p> : null}
    </div>
  )
}
