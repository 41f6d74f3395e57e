import type { LucideIcon } from 'lucide-react'
import type { ComponentProps, ReactNode } from 'react'

import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip'
import { cn } from '@/lib/utils'

export type ControlTone = 'neutral' | 'off' | 'active' | 'danger' | 'danger-outline'

const tones: Record<ControlTone, string> = {
  neutral: 'bg-secondary text-secondary-foreground hover:bg-secondary/80',
  // White text on red-600 and sky-700 keeps 4.5:1 in both themes (the theme's destructive red is too light in dark).
  off: 'bg-red-600 text-white hover:bg-red-700',
  active: 'bg-sky-700 text-white hover:bg-sky-800',
  danger: 'bg-red-600 text-white hover:bg-red-700',
  'danger-outline':
    'border-2 border-red-600 bg-background text-red-700 hover:bg-red-50 dark:border-red-500 dark:text-red-400 dark:hover:bg-red-500/10',
}

export interface ControlButtonProps extends Omit<ComponentProps<'button'>, 'children'> {
  Icon: LucideIcon
  /** The button's text: visible from the `sm` breakpoint, read by screen readers always. */
  label: string
  tooltip?: string
  tone?: ControlTone
  badge?: ReactNode
  /** Keep the label visible at every width (Leave, End call). */
  alwaysLabelled?: boolean
}

/**
 * A call control: icon and text (the text is the accessible name, so it always contains what is shown), with a
 * tooltip that can add the keyboard shortcut.
 */
export function ControlButton({ Icon, label, tooltip, tone = 'neutral', badge, alwaysLabelled, className, ...props }: ControlButtonProps) {
  const button = (
    <button
      type="button"
      className={cn(
        'relative inline-flex h-11 shrink-0 items-center justify-center gap-2 rounded-full px-3.5 text-sm font-medium outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring disabled:pointer-events-none disabled:opacity-50 sm:px-4',
        tones[tone],
        className,
      )}
      {...props}
    >
      <Icon className="size-5 shrink-0" aria-hidden="true" />
      <span className={alwaysLabelled ? undefined : 'sr-only md:not-sr-only'}>{label}</span>
      {badge}
    </button>
  )
  if (!tooltip) return button
  return (
    <Tooltip>
      <TooltipTrigger asChild>{button}</TooltipTrigger>
      <TooltipContent side="top">{tooltip}</TooltipContent>
    </Tooltip>
  )
}
