import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/lib/api'
import type { FieldErrors } from '@/lib/forms'

import { useServerForm, type ServerFormOptions } from './useServerForm'

type Field = 'name' | 'size'

function TestForm({
  options,
  validate = () => ({}),
  send,
}: {
  options?: Partial<ServerFormOptions<Field>>
  validate?: () => FieldErrors<Field>
  send: () => Promise<unknown>
}) {
  const form = useServerForm<Field>({ fields: ['name', 'size'], ...options })
  return (
    <form noValidate onSubmit={form.handleSubmit(validate, send)}>
      <input
        aria-label="Name"
        {...form.aria('name')}
        onChange={() => {
          form.clearErrors('name')
        }}
      />
      {form.errors.name ? <p id="field-error-name">{form.errors.name}</p> : null}
      {form.errors.size ? <p data-testid="size-error">{form.errors.size}</p> : null}
      {form.formError ? <p role="alert">{form.formError}</p> : null}
      <button type="submit" disabled={form.pending}>
        Save
      </button>
    </form>
  )
}

function save() {
  fireEvent.click(screen.getByRole('button', { name: 'Save' }))
}

describe('useServerForm', () => {
  it('stops at the browser checks without sending', () => {
    const send = vi.fn(() => Promise.resolve())
    render(<TestForm validate={() => ({ name: 'Give it a name' })} send={send} options={{ invalidMessage: 'Please fix' }} />)
    save()
    expect(send).not.toHaveBeenCalled()
    expect(screen.getByText('Give it a name')).toBeTruthy()
    expect(screen.getByRole('alert').textContent).toBe('Please fix')
    expect(screen.getByLabelText('Name').getAttribute('aria-describedby')).toBe('field-error-name')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'x' } })
    expect(screen.queryByText('Give it a name')).toBeNull()
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBeNull()
  })

  it('is pending while the request runs, then puts the server errors next to their fields', async () => {
    let reject: (err: unknown) => void = () => undefined
    const send = vi.fn(() => new Promise((_, r) => (reject = r)))
    render(<TestForm send={send} />)
    save()
    expect(send).toHaveBeenCalledOnce()
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true)

    reject(new ApiError(400, 'invalid input', { fields: { 'size.0': 'too big', name: 'taken' } }))
    expect((await screen.findByTestId('size-error')).textContent).toBe('too big')
    expect(screen.getByText('taken')).toBeTruthy()
    // Every error found its field: the server's summary would say nothing more.
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(false)
  })

  it("shows the server's message when an error has no field, or when asked to always", async () => {
    const { unmount } = render(
      <TestForm send={() => Promise.reject(new ApiError(409, 'conflict', { fields: { room: 'taken', name: 'taken' } }))} />,
    )
    save()
    expect((await screen.findByRole('alert')).textContent).toBe('conflict · room taken')
    unmount()

    render(
      <TestForm
        options={{ alwaysShowServerMessage: true }}
        send={() => Promise.reject(new ApiError(400, 'Please correct the highlighted fields.', { fields: { name: 'taken' } }))}
      />,
    )
    save()
    expect((await screen.findByRole('alert')).textContent).toBe('Please correct the highlighted fields.')
    expect(screen.getByText('taken')).toBeTruthy()
  })

  it('shows any other failure above the form', async () => {
    const { unmount } = render(<TestForm send={() => Promise.reject(new ApiError(0, 'Cannot reach the server', { unreachable: true }))} />)
    save()
    expect((await screen.findByRole('alert')).textContent).toBe('Cannot reach the server')
    unmount()

    render(<TestForm options={{ fallbackMessage: 'Could not save the thing' }} send={() => Promise.reject(new Error('boom'))} />)
    save()
    expect((await screen.findByRole('alert')).textContent).toBe('boom')
  })
})
