import { BookOpenIcon, XIcon } from 'lucide-react'
import { useState } from 'react'

import { Badge } from '@/components/ui/badge'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'

import type { ProblemOption } from '../schema'
import { useProblemOption, useProblemSearch } from '../usePickers'
import { Combobox } from './Combobox'
import { PICKER_DEBOUNCE_MS } from './PeoplePicker'

/** Optional: choose one problem from the question bank. */
export function ProblemPicker({
  value,
  onChange,
  inputId,
  invalid,
  describedBy,
}: {
  value: ProblemOption | string | null
  onChange: (problem: ProblemOption | null) => void
  inputId?: string
  invalid?: boolean
  describedBy?: string
}) {
  const [query, setQuery] = useState('')
  // Search only once the picker is used: a form with three pickers should not fire three requests on load.
  const [used, setUsed] = useState(false)
  const q = useDebouncedValue(query.trim(), PICKER_DEBOUNCE_MS)
  const search = useProblemSearch(q, used)
  // An interview being edited knows only the problem's id: look its title up.
  const known = useProblemOption(typeof value === 'string' ? value : null)
  const chosen = typeof value === 'string' ? (known.data ?? { id: value, title: value }) : value

  if (chosen) {
    return (
      <div className="flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm" data-testid="problem-chosen" data-problem-id={chosen.id}>
        <BookOpenIcon className="size-4 text-muted-foreground" />
        <span className="min-w-0 flex-1 truncate">{chosen.title}</span>
        {chosen.difficulty ? <Badge variant="outline">{chosen.difficulty}</Badge> : null}
        <button
          type="button"
          className="flex size-6 items-center justify-center rounded-full text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          aria-label="Remove the problem"
          data-testid="problem-remove"
          onClick={() => {
            onChange(null)
          }}
        >
          <XIcon className="size-4" />
        </button>
      </div>
    )
  }

  return (
    <Combobox
      query={query}
      onQueryChange={setQuery}
      options={search.data?.problems ?? []}
      optionKey={(problem) => problem.id}
      optionData={(problem) => ({ 'data-problem-id': problem.id })}
      renderOption={(problem) => (
        <>
          <span className="min-w-0 flex-1 truncate">{problem.title}</span>
          {problem.difficulty ? <Badge variant="outline">{problem.difficulty}</Badge> : null}
        </>
      )}
      onSelect={onChange}
      onFocus={() => {
        setUsed(true)
      }}
      loading={search.isFetching}
      error={search.isError ? search.error.message : undefined}
      emptyText="No problem matches this search."
      placeholder="Search the question bank"
      inputId={inputId}
      invalid={invalid}
      describedBy={describedBy}
      testId="problem-picker"
    />
  )
}
