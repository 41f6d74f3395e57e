import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { ChoiceSelect } from './ChoiceSelect'

const SIZES = ['s', 'm'] as const

describe('ChoiceSelect', () => {
  it('lists the any choice then every option, and reports the chosen value', () => {
    const onValueChange = vi.fn()
    render(
      <ChoiceSelect options={SIZES} labels={{ s: 'Small', m: 'Medium' }} anyLabel="Any size" value="" onValueChange={onValueChange} aria-label="Size" />,
    )
    const select = screen.getByRole('combobox', { name: 'Size' })
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Any size', 'Small', 'Medium'])
    fireEvent.change(select, { target: { value: 'm' } })
    expect(onValueChange).toHaveBeenLastCalledWith('m')
    fireEvent.change(select, { target: { value: '' } })
    expect(onValueChange).toHaveBeenLastCalledWith('')
  })
})
