import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { RecordingIndicator } from './RecordingIndicator'

describe('RecordingIndicator', () => {
  it('is a status that says the call is recorded, its dot hidden from screen readers', () => {
    render(<RecordingIndicator />)
    const indicator = screen.getByRole('status')
    expect(indicator.dataset.testid).toBe('recording-indicator')
    expect(indicator.textContent).toBe('Recording this call')
    expect(indicator.querySelector('[aria-hidden="true"]')).not.toBeNull()
  })
})
