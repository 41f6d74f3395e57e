import { LoaderCircleIcon } from 'lucide-react'
import { useState } from 'react'

import { FormField as Field } from '@/components/FormField'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { Textarea } from '@/components/ui/textarea'
import { useServerForm } from '@/hooks/useServerForm'

import { INTERVIEWER_ROLES, validateInterview, type InterviewFormValues } from '../form'
import { DURATIONS, formatDuration } from '../present'
import { INTERVIEW_FIELDS, type InterviewField } from '../schema'
import { viewerTimeZone } from '../time'
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
  const form = useServerForm<InterviewField>({ fields: INTERVIEW_FIELDS, fallbackMessage: 'Could not save the interview' })
  const { errors } = form
  const timeZone = viewerTimeZone()

  const set = <K extends keyof InterviewFormValues>(key: K, value: InterviewFormValues[K], field: InterviewField) => {
    setValues((current) => ({ ...current, [key]: value }))
    form.clearErrors(field)
  }

  const durations: number[] = DURATIONS.includes(values.durationMinutes as (typeof DURATIONS)[number])
    ? [...DURATIONS]
    : [...DURATIONS, values.durationMinutes].sort((a, b) => a - b)

  return (
    <form
      noValidate
      className="space-y-6"
      data-testid="interview-form"
      onSubmit={form.handleSubmit(
        () => validateInterview(values),
        () => onSubmit(values),
      )}
    >
      {form.formError ? (
        <Alert variant="destructive" data-testid="interview-form-error">
          <AlertTitle>Could not save the interview</AlertTitle>
          <AlertDescription>{form.formError}</AlertDescription>
        </Alert>
      ) : null}

      <Field name="title" label="Title" htmlFor="interview-title-input" error={errors.title}>
        <Input
          id="interview-title-input"
          value={values.title}
          maxLength={200}
          placeholder="Backend engineer — systems round"
          {...form.aria('title')}
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
          {...form.aria('description')}
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
            describedBy={form.describedBy('candidateId')}
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
            describedBy={form.describedBy('interviewerIds')}
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
            {...form.aria('startsAt')}
            onChange={(event) => {
              set('startsAt', event.target.value, 'startsAt')
            }}
          />
        </Field>

        <Field name="durationMinutes" label="Duration" htmlFor="interview-duration-input" error={errors.durationMinutes}>
          <NativeSelect
            id="interview-duration-input"
            value={values.durationMinutes}
            {...form.aria('durationMinutes')}
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
          describedBy={form.describedBy('problemId')}
        />
      </Field>

      <div className="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:justify-end">
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel} disabled={form.pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={form.pending} data-testid="interview-save">
          {form.pending ? <LoaderCircleIcon className="animate-spin" /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}
