import { CheckCircle2Icon, XCircleIcon } from 'lucide-react'

import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'

import type { Interview, Outcome } from '../schema'
import { useSetOutcome } from '../useInterviews'

/** Failed / Succeeded: for interviewers and admins, once the interview has started. */
export function OutcomeControls({ interview }: { interview: Interview }) {
  const setOutcome = useSetOutcome(interview.id)
  const shown = setOutcome.isPending ? setOutcome.variables : interview.outcome

  const button = (outcome: Outcome) => {
    const selected = shown === outcome
    const Icon = outcome === 'succeeded' ? CheckCircle2Icon : XCircleIcon
    return (
      <Button
        variant="outline"
        size="sm"
        aria-pressed={selected}
        disabled={setOutcome.isPending}
        data-testid={`outcome-${outcome}`}
        className={cn(
          selected &&
            outcome === 'succeeded' &&
            'border-emerald-600/40 bg-emerald-50 text-emerald-800 hover:bg-emerald-100 dark:border-emerald-400/40 dark:bg-emerald-400/10 dark:text-emerald-300',
          selected &&
            outcome === 'failed' &&
            'border-red-600/40 bg-red-50 text-red-800 hover:bg-red-100 dark:border-red-400/40 dark:bg-red-400/10 dark:text-red-300',
        )}
        onClick={() => {
          if (!selected) setOutcome.mutate(outcome)
        }}
      >
        <Icon />
        {outcome === 'succeeded' ? 'Succeeded' : 'Failed'}
      </Button>
    )
  }

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Outcome">
      {button('failed')}
      {button('succeeded')}
    </div>
  )
}
