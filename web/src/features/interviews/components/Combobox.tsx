import { LoaderCircleIcon } from 'lucide-react'
import { useId, useState, type ReactNode } from 'react'

import { SearchInput } from '@/components/SearchInput'
import { cn } from '@/lib/utils'

export interface ComboboxProps<T> {
  /** The search text (controlled, so the parent can debounce it into a query). */
  query: string
  onQueryChange: (query: string) => void
  options: readonly T[]
  optionKey: (option: T) => string
  renderOption: (option: T) => ReactNode
  /** Extra attributes of each option (e.g. `data-email`). */
  optionData?: (option: T) => Record<`data-${string}`, string>
  onSelect: (option: T) => void
  /** The input got focus (pickers start searching only then). */
  onFocus?: () => void
  loading?: boolean
  error?: string
  emptyText: string
  placeholder?: string
  inputId?: string
  invalid?: boolean
  describedBy?: string
  testId: string
  disabled?: boolean
}

/**
 * A search box whose results drop down below it (listbox pattern): type to search, arrows + Enter or a click to
 * pick. It keeps no selection itself; the parent shows what was chosen.
 */
export function Combobox<T>({
  query,
  onQueryChange,
  options,
  optionKey,
  renderOption,
  optionData,
  onSelect,
  onFocus,
  loading = false,
  error,
  emptyText,
  placeholder,
  inputId,
  invalid = false,
  describedBy,
  testId,
  disabled = false,
}: ComboboxProps<T>) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const activeIndex = Math.min(active, Math.max(0, options.length - 1))

  const choose = (option: T) => {
    onSelect(option)
    onQueryChange('')
    setActive(0)
  }

  return (
    <div className="relative">
      <SearchInput
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-activedescendant={open && options.length > 0 ? `${listId}-${activeIndex}` : undefined}
        placeholder={placeholder}
        value={query}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          onQueryChange(event.target.value)
          setActive(0)
          setOpen(true)
        }}
        onFocus={() => {
          setOpen(true)
          onFocus?.()
        }}
        onBlur={() => {
          setOpen(false)
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault()
            setOpen(true)
            setActive(Math.min(options.length - 1, activeIndex + 1))
          } else if (event.key === 'ArrowUp') {
            event.preventDefault()
            setActive(Math.max(0, activeIndex - 1))
          } else if (event.key === 'Enter') {
            const option = options[activeIndex]
            if (open && option !== undefined) {
              event.preventDefault()
              choose(option)
            }
          } else if (event.key === 'Escape') {
            setOpen(false)
          }
        }}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
        >
          {options.map((option, index) => (
            <li
              key={optionKey(option)}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              data-testid="picker-option"
              {...optionData?.(option)}
              className={cn(
                'flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm',
                index === activeIndex && 'bg-accent text-accent-foreground',
              )}
              // Keep the input's focus so its blur does not close the list before the click lands.
              onMouseDown={(event) => {
                event.preventDefault()
              }}
              onMouseEnter={() => {
                setActive(index)
              }}
              onClick={() => {
                choose(option)
              }}
            >
              {renderOption(option)}
            </li>
          ))}
          {options.length === 0 ? (
            <li className="flex items-center gap-2 px-2 py-1.5 text-sm text-muted-foreground" role="presentation">
              {loading ? <LoaderCircleIcon className="size-4 animate-spin" /> : null}
              {loading ? 'Searching…' : (error ?? emptyText)}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  )
}
