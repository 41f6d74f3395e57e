import { memo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'

import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip'
import { formatClock } from '@/features/recordings/format'
import { cn } from '@/lib/utils'

import type { Interval, Mark, MarkKind } from '../model/timeline'

const MARK_STYLES: Record<MarkKind, string> = {
  run: 'bg-emerald-600 dark:bg-emerald-400',
  paste: 'bg-amber-500 dark:bg-amber-400',
  away: 'bg-red-600 dark:bg-red-400',
  chat: 'bg-sky-600 dark:bg-sky-400',
  reaction: 'bg-fuchsia-600 dark:bg-fuchsia-400',
}

const MARK_LABELS: Record<MarkKind, string> = {
  run: 'Run',
  paste: 'Paste',
  away: 'Away',
  chat: 'Chat',
  reaction: 'Reaction',
}

function percent(at: number, duration: number): string {
  return `${duration > 0 ? Math.max(0, Math.min(100, (at / duration) * 100)) : 0}%`
}

/**
 * The marks above the slider: one tab stop (a toolbar), arrows move between marks, Enter or a click jumps there.
 * Memoised: it does not change with the time.
 */
const MarkRow = memo(function MarkRow({ marks, duration, onJump }: { marks: readonly Mark[]; duration: number; onJump: (at: number) => void }) {
  const [active, setActive] = useState(0)
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const current = Math.min(active, Math.max(0, marks.length - 1))
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const targets: Record<string, number> = {
      ArrowRight: Math.min(marks.length - 1, current + 1),
      ArrowDown: Math.min(marks.length - 1, current + 1),
      ArrowLeft: Math.max(0, current - 1),
      ArrowUp: Math.max(0, current - 1),
      Home: 0,
      End: marks.length - 1,
    }
    const next = targets[event.key]
    if (next === undefined) return
    event.preventDefault()
    setActive(next)
    refs.current[next]?.focus()
  }
  if (marks.length === 0) return <div className="h-6" aria-hidden="true" />
  return (
    <div role="toolbar" aria-label="Events on the timeline" aria-orientation="horizontal" className="relative h-6" onKeyDown={onKeyDown}>
      {marks.map((mark, i) => (
        <Tooltip key={mark.id}>
          <TooltipTrigger asChild>
            <button
              ref={(element) => {
                refs.current[i] = element
              }}
              type="button"
              tabIndex={i === current ? 0 : -1}
              data-testid="replay-mark"
              data-kind={mark.kind}
              data-at={Math.floor(mark.at)}
              aria-label={`${MARK_LABELS[mark.kind]}: ${mark.label}`}
              onFocus={() => {
                setActive(i)
              }}
              onClick={() => {
                onJump(mark.at)
              }}
              className="group absolute top-0 flex h-6 w-3 -translate-x-1/2 cursor-pointer items-end justify-center rounded-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
              style={{ left: percent(mark.at, duration) }}
            >
              <span aria-hidden="true" className={cn('block h-4 w-1 rounded-full group-hover:h-5', MARK_STYLES[mark.kind])} />
            </button>
          </TooltipTrigger>
          <TooltipContent>{mark.label}</TooltipContent>
        </Tooltip>
      ))}
    </div>
  )
})

/** What does not change with the time: change density, idle stretches, the recording's span. */
const Track = memo(function Track({
  duration,
  density,
  idle,
  recording,
}: {
  duration: number
  density: readonly number[]
  idle: readonly Interval[]
  recording: Interval | null
}) {
  const max = Math.max(1, ...density)
  return (
    <div aria-hidden="true" className="absolute inset-0 overflow-hidden rounded-md bg-muted">
      {recording ? (
        <div
          className="absolute inset-y-0 bg-primary/10"
          style={{ left: percent(recording.start, duration), width: percent(recording.end - recording.start, duration) }}
        />
      ) : null}
      {idle.map((stretch) => (
        <div
          key={stretch.start}
          data-testid="replay-idle"
          className="absolute inset-y-0 bg-[repeating-linear-gradient(135deg,transparent_0_4px,var(--color-border)_4px_6px)]"
          style={{ left: percent(stretch.start, duration), width: percent(stretch.end - stretch.start, duration) }}
        />
      ))}
      <div className="absolute inset-x-0 bottom-0 flex h-full items-end">
        {density.map((count, i) => (
          <div key={i} className="flex-1 bg-foreground/25" style={{ height: `${count > 0 ? 15 + (count / max) * 60 : 0}%` }} />
        ))}
      </div>
    </div>
  )
})

export interface TimelineSliderProps {
  t: number
  duration: number
  marks: readonly Mark[]
  idle: readonly Interval[]
  density: readonly number[]
  recording: Interval | null
  onSeek: (t: number) => void
  /** A scrub ended (pointer up, key up, a mark clicked): the URL keeps the time. */
  onCommit: () => void
}

/** The replay's slider (role=slider: arrows ±1 s, Page Up/Down ±10 s, Home/End), with its marks above it. */
export function TimelineSlider({ t, duration, marks, idle, density, recording, onSeek, onCommit }: TimelineSliderProps) {
  const track = useRef<HTMLDivElement>(null)
  const dragging = useRef(false)
  const fromPointer = (event: PointerEvent<HTMLDivElement>) => {
    const box = track.current?.getBoundingClientRect()
    if (!box || box.width <= 0) return
    onSeek(((event.clientX - box.left) / box.width) * duration)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 }
    const step = steps[event.key]
    if (step !== undefined) onSeek(Math.floor(t) + step)
    else if (event.key === 'Home') onSeek(0)
    else if (event.key === 'End') onSeek(duration)
    else return
    event.preventDefault()
  }
  const jump = (at: number) => {
    onSeek(at)
    onCommit()
  }
  return (
    <div className="space-y-1">
      <MarkRow marks={marks} duration={duration} onJump={jump} />
      <div
        ref={track}
        role="slider"
        tabIndex={0}
        data-testid="replay-slider"
        aria-label="Replay position"
        aria-valuemin={0}
        aria-valuemax={Math.floor(duration)}
        aria-valuenow={Math.floor(t)}
        aria-valuetext={`${formatClock(t)} of ${formatClock(duration)}`}
        className="relative h-10 cursor-pointer touch-none rounded-md outline-none select-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        onKeyDown={onKeyDown}
        onKeyUp={onCommit}
        onPointerDown={(event) => {
          dragging.current = true
          event.currentTarget.setPointerCapture(event.pointerId)
          event.currentTarget.focus()
          fromPointer(event)
        }}
        onPointerMove={(event) => {
          if (dragging.current) fromPointer(event)
        }}
        onPointerUp={(event) => {
          if (!dragging.current) return
          dragging.current = false
          event.currentTarget.releasePointerCapture(event.pointerId)
          onCommit()
        }}
        onPointerCancel={() => {
          dragging.current = false
        }}
      >
        <Track duration={duration} density={density} idle={idle} recording={recording} />
        <div aria-hidden="true" className="absolute inset-y-0 left-0 rounded-l-md bg-primary/15" style={{ width: percent(t, duration) }} />
        <div
          aria-hidden="true"
          className="absolute inset-y-[-4px] w-1 -translate-x-1/2 rounded-full bg-primary shadow"
          style={{ left: percent(t, duration) }}
        />
      </div>
    </div>
  )
}
