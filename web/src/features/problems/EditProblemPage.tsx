import { useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'

import { ErrorState } from '@/components/ErrorState'
import { PageHeader } from '@/components/PageHeader'
import { Skeleton } from '@/components/ui/skeleton'

import { ProblemForm } from './components/ProblemForm'
import { problemValues, toProblemInput } from './form'
import type { Problem } from './schema'
import { useProblem, useUpdateProblem } from './useProblems'

/** /problems/:id/edit: change every field of a problem (built-in ones too: the bank is the team's own). */
export function EditProblemPage() {
  const { id = '' } = useParams()
  const problem = useProblem(id)
  if (problem.data) return <EditForm problem={problem.data} />
  if (problem.isError) return <ErrorState error={problem.error} onRetry={() => void problem.refetch()} retrying={problem.isFetching} />
  return (
    <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading the problem">
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-96 w-full" />
    </div>
  )
}

function EditForm({ problem }: { problem: Problem }) {
  const update = useUpdateProblem(problem.id)
  const navigate = useNavigate()
  const open = () => {
    void navigate(`/problems/${encodeURIComponent(problem.id)}`)
  }
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <PageHeader
        title={`Edit ${problem.title}`}
        description={
          problem.builtIn
            ? 'A built-in problem: your changes are kept, and later versions of the built-in catalog no longer replace it.'
            : 'Saving replaces every field. Interviews that already copied the problem keep their copy.'
        }
      />
      {/* Keyed by id so that a different problem starts from its own values. */}
      <ProblemForm
        key={problem.id}
        initial={problemValues(problem)}
        submitLabel="Save problem"
        onSubmit={async (values) => {
          const saved = await update.mutateAsync(toProblemInput(values))
          toast.success('Problem saved', { description: saved.title })
          open()
        }}
        onCancel={open}
      />
    </div>
  )
}
