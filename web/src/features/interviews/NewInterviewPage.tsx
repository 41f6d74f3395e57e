import { useNavigate } from 'react-router'
import { toast } from 'sonner'

import { PageHeader } from '@/components/PageHeader'
import type { User } from '@/features/session/schema'
import { useMe } from '@/features/session/useMe'

import { InterviewForm } from './components/InterviewForm'
import { newInterviewValues, toInterviewInput } from './form'
import { useCreateInterview } from './useInterviews'

/** /interviews/new: schedule an interview (interviewers and admins). */
export function NewInterviewPage() {
  const me = useMe()
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageHeader
        title="Schedule an interview"
        description="Everyone on it gets an email with a calendar invite, and a reminder before it starts."
      />
      {/* The viewer is the default interviewer, so the form waits for them (RequireAuth has loaded them). */}
      {me.data ? <NewInterviewForm me={me.data} /> : null}
    </div>
  )
}

function NewInterviewForm({ me }: { me: User }) {
  const create = useCreateInterview()
  const navigate = useNavigate()
  return (
    <InterviewForm
      initial={newInterviewValues(me)}
      submitLabel="Schedule interview"
      onSubmit={async (values) => {
        const interview = await create.mutateAsync(toInterviewInput(values))
        toast.success('Interview scheduled', { description: interview.title })
        void navigate(`/interviews/${encodeURIComponent(interview.id)}`)
      }}
      onCancel={() => {
        void navigate(-1)
      }}
    />
  )
}
