import { useNavigate } from 'react-router'
import { toast } from 'sonner'

import { PageHeader } from '@/components/PageHeader'

import { ProblemForm } from './components/ProblemForm'
import { newProblemValues, toProblemInput } from './form'
import { useCreateProblem } from './useProblems'

/** /problems/new: write a problem for the bank. */
export function NewProblemPage() {
  const create = useCreateProblem()
  const navigate = useNavigate()
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <PageHeader title="New problem" description="Everyone who interviews can use it as soon as it is saved." />
      <ProblemForm
        initial={newProblemValues()}
        submitLabel="Create problem"
        onSubmit={async (values) => {
          const problem = await create.mutateAsync(toProblemInput(values))
          toast.success('Problem created', { description: problem.title })
          void navigate(`/problems/${encodeURIComponent(problem.id)}`)
        }}
        onCancel={() => {
          void navigate('/problems')
        }}
      />
    </div>
  )
}
