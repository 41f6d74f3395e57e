import type * as React from 'react'

import { NativeSelect } from '@/components/ui/native-select'

type ChoiceSelectProps<T extends string> = Omit<React.ComponentProps<typeof NativeSelect>, 'value' | 'onChange' | 'children'> & {
  /** The values to choose from, in order. */
  options: readonly T[]
  labels: Record<T, string>
  /** The label of the empty choice, e.g. "All roles". */
  anyLabel: string
  value: T | ''
  onValueChange: (value: T | '') => void
}

/** A NativeSelect over a fixed set of values plus an empty "any" choice, as the list filters use it. */
export function ChoiceSelect<T extends string>({ options, labels, anyLabel, value, onValueChange, ...props }: ChoiceSelectProps<T>) {
  return (
    <NativeSelect
      value={value}
      onChange={(event) => {
        onValueChange(options.find((option) => option === event.target.value) ?? '')
      }}
      {...props}
    >
      <option value="">{anyLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {labels[option]}
        </option>
      ))}
    </NativeSelect>
  )
}
