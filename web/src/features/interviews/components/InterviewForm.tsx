import { LoaderCircleIcon } from 'lucide-react'
import { useState, type SubmitEvent } from 'react'

import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { Textarea } from '@/components/ui/textarea'
import { ApiError } from '@/lib/api'

import { mapInterviewFieldErrors, type FieldErrors } from '../formErrors'
import { DURATIONS, formatDuration } from '../present'
import { INTERVIEWER_ROLES, validateInterview, type InterviewFormValues } from '../form'
import type { InterviewField } from '../schema'
import { viewerTimeZone } from '../time'
import { FormField as Field } from '@/components/FormField'
import { fieldErrorId } from '@/lib/forms'
import { PeoplePicker } from './PeoplePicker'
import { ProblemPicker } from './ProblemPicker'

/**
 * Schedule or edit an interview. `onSubmit` sends the request; an ApiError's `fields` are shown next to their
 * fields, and the values stay as typed.
 */
export function InterviewForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: InterviewFormValues
  submitLabel: string
  onSubmit: (values: InterviewFormValues) => Promise<unknown>
  onCancel?: () => void
}) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<FieldErrors<InterviewField>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const timeZone = viewerTimeZone()

  const set = <K extends keyof InterviewFormValues>(key: K, value: InterviewFormValues[K], field: InterviewField) => {
    setValues((current) => ({ ...current, [key]: value }))
    setErrors((current) => ({ ...current, [field]: undefined }))
  }

  const durations: number[] = DURATIONS.includes(values.durationMinutes as (typeof DURATIONS)[number])
    ? [...DURATIONS]
    : [...DURATIONS, values.durationMinutes].sort((a, b) => a - b)

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault()
    setFormError(null)
    const local = validateInterview(values)
    setErrors(local)
    if (Object.keys(local).length > 0) return
    setPending(true)
    try {
      await onSubmit(values)
    } catch (err) {
      if (err instanceof ApiError) {
        const { byField, other } = mapInterviewFieldErrors(err.fields)
        setErrors(byField)
        const hasFields = Object.keys(byField).length > 0
        if (!hasFields || other.length > 0) setFormError([err.message, ...other].join(' · '))
      } else {
        setFormError(err instanceof Error ? err.message : 'Could not save the interview')
      }
    } finally {
      setPending(false)
    }
  }

  const describe = (field: InterviewField) => (errors[field] ? fieldErrorId(field) : undefined)

  return (
    <form
      noValidate
      className="space-y-6"
      data-testid="interview-form"
      onSubmit={(event) => {
        void submit(event)
      }}
    >
      {formError ? (
        <Alert variant="destructive" data-testid="interview-form-error">
          <AlertTitle>Could not save the interview</AlertTitle>
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}

      <Field name="title" label="Title" htmlFor="interview-title-input" error={errors.title}>
        <Input
          id="interview-title-input"
          value={values.title}
          maxLength={200}
          placeholder="Backend engineer — systems round"
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describe('title')}
          onChange={(event) => {
            set('title', event.target.value, 'title')
          }}
        />
      </Field>

      <Field
        name="description"
        label="Description"
        htmlFor="interview-description-input"
        optional
        hint="What the interview covers; everyone on it sees this."
        error={errors.description}
      >
        <Textarea
          id="interview-description-input"
          value={values.description}
          rows={3}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describe('description')}
          onChange={(event) => {
            set('description', event.target.value, 'description')
          }}
        />
      </Field>

      <div className="grid gap-6 md:grid-cols-2">
        <Field name="candidateId" label="Candidate" htmlFor="interview-candidate-input" error={errors.candidateId}>
          <PeoplePicker
            roles={['candidate']}
            mode="single"
            value={values.candidate ? [values.candidate] : []}
            exclude={values.interviewers.map((person) => person.id)}
            onChange={(people) => {
              set('candidate', people[0] ?? null, 'candidateId')
            }}
            testId="candidate-picker"
            inputId="interview-candidate-input"
            invalid={Boolean(errors.candidateId)}
            describedBy={describe('candidateId')}
            placeholder={values.candidate ? 'Search to replace the candidate' : 'Search candidates by name or email'}
            emptyText="No candidate matches. People sign up as candidates; an admin can change roles."
          />
        </Field>

        <Field name="interviewerIds" label="Interviewers" htmlFor="interview-interviewers-input" error={errors.interviewerIds}>
          <PeoplePicker
            roles={INTERVIEWER_ROLES}
            mode="multi"
            value={values.interviewers}
            exclude={values.candidate ? [values.candidate.id] : []}
            onChange={(people) => {
              set('interviewers', people, 'interviewerIds')
            }}
            testId="interviewer-picker"
            inputId="interview-interviewers-input"
            invalid={Boolean(errors.interviewerIds)}
            describedBy={describe('interviewerIds')}
            placeholder="Add interviewers by name or email"
            emptyText="No interviewer matches this search."
          />
        </Field>
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <Field
          name="startsAt"
          label="Starts at"
          htmlFor="interview-starts-input"
          hint={`In your time zone, ${timeZone}. Everyone sees it in their own.`}
          error={errors.startsAt}
        >
          <Input
            id="interview-starts-input"
            type="datetime-local"
            value={values.startsAt}
            aria-invalid={errors.startsAt ? true : undefined}
            aria-describedby={describe('startsAt')}
            onChange={(event) => {
              set('startsAt', event.target.value, 'startsAt')
            }}
          />
        </Field>

        <Field name="durationMinutes" label="Duration" htmlFor="interview-duration-input" error={errors.durationMinutes}>
          <NativeSelect
            id="interview-duration-input"
            value={values.durationMinutes}
            aria-invalid={errors.durationMinutes ? true : undefined}
            aria-describedby={describe('durationMinutes')}
            onChange={(event) => {
              set('durationMinutes', Number(event.target.value), 'durationMinutes')
            }}
          >
            {durations.map((minutes) => (
              <option key={minutes} value={minutes}>
                {formatDuration(minutes)}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>

      <Field
        name="problemId"
        label="Problem"
        htmlFor="interview-problem-input"
        optional
        hint="A question from the bank to open in the shared editor."
        error={errors.problemId}
      >
        <ProblemPicker
          value={values.problem}
          onChange={(problem) => {
            set('problem', problem, 'problemId')
          }}
          inputId="interview-problem-input"
          invalid={Boolean(errors.problemId)}
          describedBy={describe('problemId')}
        />
      </Field>

      <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={pending} data-testid="interview-save">
          {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}
