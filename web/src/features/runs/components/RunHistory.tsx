import { CircleCheckIcon, CircleXIcon, LoaderCircleIcon } from 'lucide-react'

import { cn } from '@/lib/utils'

import type { Run } from '../api'
import { clockTime, languageName, outcome, shortResult } from '../present'

/** The interview's recent runs, newest first; choosing one shows it above. */
export function RunHistory({
  runs,
  shownId,
  who,
  onShow,
}: {
  runs: Run[]
  shownId: string | undefined
  who: (userId: string) => string
  onShow: (run: Run, latest: boolean) => void
}) {
  return (
    <section aria-labelledby="run-history-heading" className="space-y-2">
      <h3 id="run-history-heading" className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        Recent runs
      </h3>
      <ul className="space-y-0.5">
        {runs.map((run, i) => {
          const how = outcome(run)
          const Icon = how === 'pending' ? LoaderCircleIcon : how === 'ok' ? CircleCheckIcon : CircleXIcon
          const current = run.id === shownId
          return (
            <li key={run.id}>
              <button
                type="button"
                aria-current={current ? 'true' : undefined}
                className={cn(
                  'flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50',
                  current && 'bg-muted',
                )}
                onClick={() => {
                  onShow(run, i === 0)
                }}
                data-testid="run-history-row"
                data-run-id={run.id}
                data-current={current}
              >
                <Icon
                  className={cn(
                    'mt-0.5 size-4 shrink-0',
                    how === 'pending' && 'animate-spin text-muted-foreground',
                    how === 'ok' && 'text-emerald-600 dark:text-emerald-400',
                    how === 'bad' && 'text-destructive',
                  )}
                  aria-hidden="true"
                />
                <span className="min-w-0 flex-1">
                  <span className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-medium">{shortResult(run)}</span>
                    <span className="text-xs text-muted-foreground">{run.withTests ? 'tests' : 'run'}</span>
                    {i === 0 ? <span className="text-xs text-muted-foreground">(latest)</span> : null}
                  </span>
                  <span className="block truncate text-xs text-muted-foreground">
                    {[who(run.userId), languageName(run.language), clockTime(run.createdAt)].filter(Boolean).join(' · ')}
                  </span>
                </span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
