import { useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'

import { ErrorState } from '@/components/ErrorState'
import { PageHeader } from '@/components/PageHeader'
import { Skeleton } from '@/components/ui/skeleton'

import { InterviewForm } from './components/InterviewForm'
import { changedInput, interviewValues } from './form'
import type { Interview } from './schema'
import { useInterview, useUpdateInterview } from './useInterviews'

/** /interviews/:id/edit: change an interview (interviewers and admins; the server decides who may). */
export function EditInterviewPage() {
  const { id = '' } = useParams()
  const interview = useInterview(id)

  if (interview.data) return <EditInterview interview={interview.data} />
  if (interview.isError) {
    return <ErrorState error={interview.error} onRetry={() => void interview.refetch()} retrying={interview.isFetching} />
  }
  return (
    <div className="mx-auto max-w-3xl space-y-4" aria-busy="true">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-96 w-full" />
    </div>
  )
}

function EditInterview({ interview }: { interview: Interview }) {
  const update = useUpdateInterview(interview.id)
  const navigate = useNavigate()
  const back = () => {
    void navigate(`/interviews/${encodeURIComponent(interview.id)}`)
  }

  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageHeader title="Edit interview" description="Everyone on it is told about the change, with an updated invite." />
      <InterviewForm
        // The form keeps its own copy of the values: a live refetch must not overwrite what is being typed.
        initial={interviewValues(interview)}
        submitLabel="Save changes"
        onSubmit={async (values) => {
          const changes = changedInput(interview, values)
          if (Object.keys(changes).length > 0) {
            await update.mutateAsync(changes)
            toast.success('Interview updated')
          }
          back()
        }}
        onCancel={back}
      />
    </div>
  )
}
