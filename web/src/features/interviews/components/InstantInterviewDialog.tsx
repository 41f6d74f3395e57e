import { LoaderCircleIcon, ZapIcon } from 'lucide-react'
import { useState } from 'react'
import { useNavigate } from 'react-router'

import { FormField as Field } from '@/components/FormField'
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
import { useServerForm } from '@/hooks/useServerForm'
import type { FieldErrors } from '@/lib/forms'

import { INTERVIEWER_ROLES } from '../form'
import { DEFAULT_DURATION } from '../present'
import { INTERVIEW_FIELDS, type InterviewField, type PickerUser } from '../schema'
import { useCreateInterview } from '../useInterviews'
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
  const form = useServerForm<InterviewField>({ fields: INTERVIEW_FIELDS })
  const { errors } = form

  const validate = () => {
    const local: FieldErrors<InterviewField> = {}
    if (!candidate) local.candidateId = 'Choose the candidate'
    if (interviewers.length === 0) local.interviewerIds = 'Choose at least one interviewer'
    return local
  }

  const start = async () => {
    const interview = await create.mutateAsync({
      title: title.trim() || INSTANT_TITLE,
      description: '',
      // validate() has made sure there is one.
      candidateId: candidate?.id ?? '',
      interviewerIds: interviewers.map((person) => person.id),
      startsAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      durationMinutes: DEFAULT_DURATION,
      instant: true,
    })
    void navigate(interview.joinUrl)
  }

  return (
    <form noValidate onSubmit={form.handleSubmit(validate, start)} className="space-y-5" data-testid="instant-form">
      {form.formError ? (
        <Alert variant="destructive">
          <AlertDescription>{form.formError}</AlertDescription>
        </Alert>
      ) : null}
      <Field name="title" label="Title" htmlFor="instant-title-input" optional error={errors.title}>
        <Input
          id="instant-title-input"
          value={title}
          placeholder={INSTANT_TITLE}
          maxLength={200}
          {...form.aria('title')}
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
            form.clearErrors('candidateId')
          }}
          testId="candidate-picker"
          inputId="instant-candidate-input"
          invalid={Boolean(errors.candidateId)}
          describedBy={form.describedBy('candidateId')}
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
            form.clearErrors('interviewerIds')
          }}
          testId="interviewer-picker"
          inputId="instant-interviewers-input"
          invalid={Boolean(errors.interviewerIds)}
          describedBy={form.describedBy('interviewerIds')}
        />
      </Field>
      {errors.startsAt || errors.durationMinutes ? (
        <p className="text-sm text-destructive" role="alert" data-testid="field-error-startsAt">
          {errors.startsAt ?? errors.durationMinutes}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="submit" disabled={form.pending} data-testid="instant-start">
          {form.pending ? <LoaderCircleIcon className="animate-spin" /> : <ZapIcon />}
          Start now
        </Button>
      </DialogFooter>
    </form>
  )
}
