import { useState, type SubmitEvent } from 'react'

import { ApiError } from '@/lib/api'
import { fieldAria, fieldErrorId, hasErrors, mapFieldErrors, type FieldErrors, type FieldMatcher } from '@/lib/forms'

export interface ServerFormOptions<F extends string> {
  /** Where the server's `fields` keys go (see `mapFieldErrors`); keys with no field are listed in `formError`. */
  fields: FieldMatcher<F>
  /** Shown as `formError` when the browser's own checks fail. By default only the fields say what is wrong. */
  invalidMessage?: string
  /**
   * Show the server's message as `formError` even when every field error it sent has its field. By default it is
   * shown only when it would otherwise be lost: no field took an error, or some key has no field.
   */
  alwaysShowServerMessage?: boolean
  /** `formError` when the failure is not even an Error. */
  fallbackMessage?: string
}

/**
 * The submit side of a form that sends to the API: runs the browser's checks, then the request; keeps `pending`
 * while it runs; turns an `ApiError`'s `fields` into messages next to their fields, and anything else into
 * `formError`, shown above the form. Values stay with the form, so they stay as typed after a failure.
 */
export function useServerForm<F extends string>({
  fields,
  invalidMessage,
  alwaysShowServerMessage = false,
  fallbackMessage = 'Could not save',
}: ServerFormOptions<F>) {
  const [errors, setErrors] = useState<FieldErrors<F>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  /** Forgets the messages of these fields (call it when the user edits them). */
  const clearErrors = (...names: F[]) => {
    setErrors((current) => {
      if (!names.some((name) => current[name] !== undefined)) return current
      const next = { ...current }
      for (const name of names) next[name] = undefined
      return next
    })
  }

  const run = async (validate: () => FieldErrors<F>, send: () => Promise<unknown>) => {
    setFormError(null)
    const local = validate()
    setErrors(local)
    if (hasErrors(local)) {
      if (invalidMessage) setFormError(invalidMessage)
      return
    }
    setPending(true)
    try {
      await send()
    } catch (err) {
      if (err instanceof ApiError) {
        const { byField, other } = mapFieldErrors(err.fields, fields)
        setErrors(byField)
        if (alwaysShowServerMessage || !hasErrors(byField) || other.length > 0) setFormError([err.message, ...other].join(' · '))
      } else {
        setFormError(err instanceof Error ? err.message : fallbackMessage)
      }
    } finally {
      setPending(false)
    }
  }

  return {
    errors,
    setErrors,
    clearErrors,
    formError,
    pending,
    /**
     * The form's `onSubmit`: `validate` returns the browser's field errors (none → `send` runs); `send` makes the
     * request and does what follows a success (navigate, reset…); a rejection is shown as described above.
     */
    handleSubmit:
      (validate: () => FieldErrors<F>, send: () => Promise<unknown>) =>
      (event: SubmitEvent<HTMLFormElement>) => {
        event.preventDefault()
        void run(validate, send)
      },
    /** `aria-invalid` and `aria-describedby` for the control of `field`. */
    aria: (field: F) => fieldAria(field, errors[field]),
    /** The id of `field`'s message while it has one, for controls that take `aria-describedby` as a prop. */
    describedBy: (field: F) => (errors[field] ? fieldErrorId(field) : undefined),
  }
}

export type ServerForm<F extends string> = ReturnType<typeof useServerForm<F>>
