import type { LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'

import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'

/** The call's side panel: a column beside the stage on wide screens, covering the stage on phones. */
export function SidePanel({
  open,
  title,
  testId,
  onClose,
  closeLabel,
  CloseIcon,
  children,
}: {
  open: boolean
  title: string
  testId: string
  onClose: () => void
  closeLabel: string
  CloseIcon: LucideIcon
  children: ReactNode
}) {
  return (
    <aside
      hidden={!open}
      aria-label={title}
      data-testid={testId}
      className={cn(
        'absolute inset-0 z-20 flex flex-col bg-background lg:static lg:z-auto lg:w-80 lg:shrink-0 lg:border-l',
        !open && 'hidden',
      )}
    >
      <div className="flex h-12 shrink-0 items-center justify-between border-b pr-2 pl-4">
        <h2 className="text-sm font-semibold">{title}</h2>
        <Button variant="ghost" size="sm" onClick={onClose}>
          <CloseIcon />
          <span className="sr-only">{closeLabel}</span>
        </Button>
      </div>
      {children}
    </aside>
  )
}
