import { XIcon } from 'lucide-react'
import { useState } from 'react'

import { displayName } from '@/features/session/present'
import { UserAvatar } from '@/features/session/UserAvatar'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'

import type { PickerUser } from '../schema'
import { usePeopleSearch } from '../usePickers'
import { Combobox } from './Combobox'

export const PICKER_DEBOUNCE_MS = 250

export interface PeoplePickerProps {
  /** The roles to search, one request each ('' = everyone, admins only). */
  roles: readonly [string] | readonly [string, string]
  /** 'single' replaces the choice; 'multi' adds to it. */
  mode: 'single' | 'multi'
  value: readonly PickerUser[]
  onChange: (people: PickerUser[]) => void
  /** Ids never offered (e.g. the candidate in the interviewer picker). */
  exclude?: readonly string[]
  testId: string
  inputId?: string
  invalid?: boolean
  describedBy?: string
  placeholder?: string
  emptyText?: string
}

/** Search people by name or email and pick one (candidate) or several (interviewers). */
export function PeoplePicker({
  roles,
  mode,
  value,
  onChange,
  exclude = [],
  testId,
  inputId,
  invalid,
  describedBy,
  placeholder = 'Search by name or email',
  emptyText = 'Nobody matches this search.',
}: PeoplePickerProps) {
  const [query, setQuery] = useState('')
  // Search only once the picker is used: a form with three pickers should not fire three requests on load.
  const [used, setUsed] = useState(false)
  const q = useDebouncedValue(query.trim(), PICKER_DEBOUNCE_MS)
  const first = usePeopleSearch(roles[0], q, used)
  const second = usePeopleSearch(roles[1] ?? '', q, used && roles.length > 1)

  const chosen = new Set(value.map((person) => person.id))
  const hidden = new Set(exclude)
  const seen = new Set<string>()
  const options = [...(first.data?.users ?? []), ...(roles.length > 1 ? (second.data?.users ?? []) : [])].filter(
    (person) => {
      if (chosen.has(person.id) || hidden.has(person.id) || seen.has(person.id)) return false
      seen.add(person.id)
      return true
    },
  )
  const loading = first.isFetching || (roles.length > 1 && second.isFetching)

  return (
    <div className="space-y-2">
      {value.length > 0 ? (
        <ul className="flex flex-wrap gap-2" aria-label="Chosen">
          {value.map((person) => (
            <li
              key={person.id}
              className="flex items-center gap-2 rounded-full border bg-muted/50 py-0.5 pr-1 pl-0.5 text-sm"
              data-testid="picker-chosen"
              data-email={person.email}
            >
              <UserAvatar user={person} className="size-6" />
              <span className="max-w-48 truncate">{displayName(person)}</span>
              <button
                type="button"
                className="flex size-5 items-center justify-center rounded-full text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                aria-label={`Remove ${displayName(person)}`}
                data-testid="picker-remove"
                onClick={() => {
                  onChange(value.filter((other) => other.id !== person.id))
                }}
              >
                <XIcon className="size-3.5" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <Combobox
        query={query}
        onQueryChange={setQuery}
        options={options}
        optionKey={(person) => person.id}
        optionData={(person) => ({ 'data-email': person.email })}
        renderOption={(person) => (
          <>
            <UserAvatar user={person} className="size-6" />
            <span className="min-w-0 flex-1 truncate">{displayName(person)}</span>
            <span className="truncate text-xs text-muted-foreground">{person.email}</span>
          </>
        )}
        onFocus={() => {
          setUsed(true)
        }}
        onSelect={(person) => {
          onChange(mode === 'single' ? [person] : [...value, person])
        }}
        loading={loading && options.length === 0}
        error={first.isError ? first.error.message : undefined}
        emptyText={emptyText}
        placeholder={placeholder}
        inputId={inputId}
        invalid={invalid}
        describedBy={describedBy}
        testId={testId}
      />
    </div>
  )
}
