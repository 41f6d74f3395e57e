import { LayoutGridIcon, PresentationIcon } from 'lucide-react'

import { RecordingIndicator } from '@/features/recordings/components/RecordingIndicator'
import { ThemeToggle } from '@/features/theme/ThemeToggle'
import { cn } from '@/lib/utils'

import type { Layout } from '../stage'
import { DeviceSettings } from './DeviceSettings'

/** Title, whether the call is recorded, the grid/speaker switch and the theme menu. */
export function CallHeader({
  title,
  recording = false,
  layout,
  onLayout,
}: {
  title: string
  recording?: boolean
  layout: Layout
  onLayout: (layout: Layout) => void
}) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b bg-background px-2 sm:px-4">
      <span className="flex size-2 shrink-0 rounded-full bg-red-500" aria-hidden="true" />
      <h1 className="min-w-0 flex-1 truncate text-sm font-semibold" data-testid="room-title">
        {title}
      </h1>
      {recording ? <RecordingIndicator /> : null}
      <div className="flex shrink-0 rounded-lg border p-0.5" role="group" aria-label="Layout">
        <LayoutButton
          testId="layout-grid"
          pressed={layout === 'grid'}
          onClick={() => {
            onLayout('grid')
          }}
          Icon={LayoutGridIcon}
          label="Grid"
        />
        <LayoutButton
          testId="layout-speaker"
          pressed={layout === 'speaker'}
          onClick={() => {
            onLayout('speaker')
          }}
          Icon={PresentationIcon}
          label="Speaker"
        />
      </div>
      <DeviceSettings />
      <ThemeToggle />
    </header>
  )
}

function LayoutButton({
  testId,
  pressed,
  onClick,
  Icon,
  label,
}: {
  testId: string
  pressed: boolean
  onClick: () => void
  Icon: typeof LayoutGridIcon
  label: string
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      aria-pressed={pressed}
      onClick={onClick}
      className={cn(
        'flex h-8 items-center gap-1.5 rounded-md px-2 text-xs font-medium outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 sm:px-2.5',
        pressed ? 'bg-secondary text-secondary-foreground' : 'text-muted-foreground hover:text-foreground',
      )}
    >
      <Icon className="size-4" aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">{label}</span>
    </button>
  )
}
