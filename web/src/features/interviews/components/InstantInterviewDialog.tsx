import { LoaderCircleIcon, ZapIcon } from 'lucide-react'
import { useState, type SubmitEvent } from 'react'
import { useNavigate } from 'react-router'

import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import type { User } from '@/features/session/schema'
import { ApiError } from '@/lib/api'

import { INTERVIEWER_ROLES } from '../form'
import { mapInterviewFieldErrors, type FieldErrors } from '../formErrors'
import { DEFAULT_DURATION } from '../present'
import type { InterviewField, PickerUser } from '../schema'
import { useCreateInterview } from '../useInterviews'
import { FormField as Field } from '@/components/FormField'
import { fieldErrorId } from '@/lib/forms'
import { PeoplePicker } from './PeoplePicker'

export const INSTANT_TITLE = 'Instant interview'

/** Instead of a time, the interview starts now: POST with `instant: true`, then open its join link. */
export function InstantInterviewDialog({ me }: { me: User }) {
  const [open, setOpen] = useState(false)

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" data-testid="instant-button">
          <ZapIcon />
          Start instant interview
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Start an instant interview</DialogTitle>
          <DialogDescription>It starts now and opens at once; the candidate is notified with the link.</DialogDescription>
        </DialogHeader>
        {/* Mounted only while open, so each opening starts from a clean form. */}
        {open ? <InstantForm me={me} /> : null}
      </DialogContent>
    </Dialog>
  )
}

function InstantForm({ me }: { me: User }) {
  const create = useCreateInterview()
  const navigate = useNavigate()
  const [title, setTitle] = useState('')
  const [candidate, setCandidate] = useState<PickerUser | null>(null)
  const [interviewers, setInterviewers] = useState<PickerUser[]>(me.role === 'candidate' ? [] : [me])
  const [errors, setErrors] = useState<FieldErrors<InterviewField>>({})
  const [formError, setFormError] = useState<string | null>(null)

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault()
    setFormError(null)
    const local: FieldErrors<InterviewField> = {}
    if (!candidate) local.candidateId = 'Choose the candidate'
    if (interviewers.length === 0) local.interviewerIds = 'Choose at least one interviewer'
    setErrors(local)
    if (!candidate || Object.keys(local).length > 0) return
    create.mutate(
      {
        title: title.trim() || INSTANT_TITLE,
        description: '',
        candidateId: candidate.id,
        interviewerIds: interviewers.map((person) => person.id),
        startsAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        durationMinutes: DEFAULT_DURATION,
        instant: true,
      },
      {
        onSuccess: (interview) => {
          void navigate(interview.joinUrl)
        },
        onError: (err) => {
          const { byField, other } = mapInterviewFieldErrors(err instanceof ApiError ? err.fields : undefined)
          setErrors(byField)
          if (Object.keys(byField).length === 0 || other.length > 0) setFormError([err.message, ...other].join(' · '))
        },
      },
    )
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-5" data-testid="instant-form">
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <Field name="title" label="Title" htmlFor="instant-title-input" optional error={errors.title}>
        <Input
          id="instant-title-input"
          value={title}
          placeholder={INSTANT_TITLE}
          maxLength={200}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? fieldErrorId('title') : undefined}
          onChange={(event) => {
            setTitle(event.target.value)
          }}
        />
      </Field>
      <Field name="candidateId" label="Candidate" htmlFor="instant-candidate-input" error={errors.candidateId}>
        <PeoplePicker
          roles={['candidate']}
          mode="single"
          value={candidate ? [candidate] : []}
          exclude={interviewers.map((person) => person.id)}
          onChange={(people) => {
            setCandidate(people[0] ?? null)
            setErrors((current) => ({ ...current, candidateId: undefined }))
          }}
          testId="candidate-picker"
          inputId="instant-candidate-input"
          invalid={Boolean(errors.candidateId)}
          describedBy={errors.candidateId ? fieldErrorId('candidateId') : undefined}
        />
      </Field>
      <Field name="interviewerIds" label="Interviewers" htmlFor="instant-interviewers-input" error={errors.interviewerIds}>
        <PeoplePicker
          roles={INTERVIEWER_ROLES}
          mode="multi"
          value={interviewers}
          exclude={candidate ? [candidate.id] : []}
          onChange={(people) => {
            setInterviewers(people)
            setErrors((current) => ({ ...current, interviewerIds: undefined }))
          }}
          testId="interviewer-picker"
          inputId="instant-interviewers-input"
          invalid={Boolean(errors.interviewerIds)}
          describedBy={errors.interviewerIds ? fieldErrorId('interviewerIds') : undefined}
        />
      </Field>
      {errors.startsAt || errors.durationMinutes ? (
        <p className="text-sm text-destructive" role="alert" data-testid="field-error-startsAt">
          {errors.startsAt ?? errors.durationMinutes}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="submit" disabled={create.isPending} data-testid="instant-start">
          {create.isPending ? <LoaderCircleIcon className="animate-spin" /> : <ZapIcon />}
          Start now
        </Button>
      </DialogFooter>
    </form>
  )
}
