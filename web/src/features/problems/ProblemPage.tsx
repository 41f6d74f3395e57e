import { ArrowLeftIcon, ClockIcon, EyeOffIcon, PencilIcon, Trash2Icon } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { toast } from 'sonner'

import { ErrorState } from '@/components/ErrorState'
import { Markdown } from '@/components/Markdown'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { useMe } from '@/features/session/useMe'
import { ApiError } from '@/lib/api'

import { DifficultyBadge } from './components/DifficultyBadge'
import { StarterTabs } from './components/StarterTabs'
import { formatTimeLimit } from './present'
import type { Problem } from './schema'
import { useDeleteProblem, useProblem } from './useProblems'

/** /problems/:id: the problem as the bank shows it, with Edit and Delete for those who may. */
export function ProblemPage() {
  const { id = '' } = useParams()
  const problem = useProblem(id)

  if (problem.data) return <ProblemView problem={problem.data} />
  if (problem.isError) {
    return (
      <div className="space-y-6">
        <BackLink />
        <ErrorState
          error={problem.error}
          title={problem.error instanceof ApiError && problem.error.status === 404 ? 'Problem not found' : undefined}
          onRetry={() => void problem.refetch()}
          retrying={problem.isFetching}
        />
      </div>
    )
  }
  return (
    <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading the problem">
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-64 w-full" />
    </div>
  )
}

function BackLink() {
  return (
    <Button asChild variant="ghost" size="sm" className="-ml-3">
      <Link to="/problems">
        <ArrowLeftIcon />
        All problems
      </Link>
    </Button>
  )
}

function ProblemView({ problem }: { problem: Problem }) {
  const me = useMe()
  const canManage = me.data?.role === 'interviewer' || me.data?.role === 'admin'
  const visible = problem.tests.filter((test) => !test.hidden)
  const hidden = problem.tests.length - visible.length

  return (
    <div className="space-y-8">
      <BackLink />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="space-y-2">
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="problem-title">
            {problem.title}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <DifficultyBadge difficulty={problem.difficulty} />
            {problem.builtIn ? <Badge variant="outline">Built-in</Badge> : null}
            <span className="inline-flex items-center gap-1">
              <ClockIcon className="size-3.5" aria-hidden="true" />
              {formatTimeLimit(problem.timeLimitMs)} per test
            </span>
            {problem.tags.map((tag) => (
              <span key={tag} className="rounded bg-muted px-1.5 py-0.5 text-xs" data-testid="problem-tag">
                {tag}
              </span>
            ))}
          </div>
        </div>
        {canManage ? <ProblemActions problem={problem} /> : null}
      </div>

      <section aria-label="Statement" className="rounded-lg border p-6">
        <Markdown source={problem.statement} testId="problem-statement" />
      </section>

      <section className="space-y-3" aria-labelledby="starter-heading">
        <h2 id="starter-heading" className="text-lg font-semibold">
          Starter code
        </h2>
        <StarterTabs starter={problem.starter} />
      </section>

      <section className="space-y-3" aria-labelledby="tests-heading">
        <h2 id="tests-heading" className="text-lg font-semibold">
          Test cases
        </h2>
        <p className="text-sm text-muted-foreground" data-testid="problem-tests-summary">
          {visible.length} visible to the candidate
          {hidden > 0 ? (
            <>
              {', '}
              <span className="inline-flex items-center gap-1" data-testid="problem-hidden-count">
                <EyeOffIcon className="size-3.5" aria-hidden="true" />
                {hidden} hidden
              </span>
            </>
          ) : null}
          .
        </p>
        <ol className="space-y-3">
          {visible.map((test) => (
            <li key={test.name} className="space-y-2 rounded-lg border p-4" data-testid="problem-test">
              <p className="text-sm font-medium">{test.name}</p>
              <div className="grid gap-3 md:grid-cols-2">
                <IOBlock label="Input" text={test.input} />
                <IOBlock label="Expected output" text={test.expected} />
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

/** Shows at most the first 4 KB: large generated inputs stay readable in the editor instead. */
function IOBlock({ label, text }: { label: string; text: string }) {
  const max = 4096
  const shown = text.length > max ? `${text.slice(0, max)}\n…` : text
  return (
    <div className="min-w-0 space-y-1">
      <p className="text-xs text-muted-foreground">
        {label}
        {text.length > max ? ` (first ${String(max / 1024)} KB of ${String(Math.round(text.length / 1024))} KB)` : ''}
      </p>
      <pre tabIndex={0} className="max-h-64 overflow-auto rounded-md bg-muted/50 p-3 font-mono text-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">{shown || ' '}</pre>
    </div>
  )
}

function ProblemActions({ problem }: { problem: Problem }) {
  const navigate = useNavigate()
  const remove = useDeleteProblem(problem.id)
  const [confirming, setConfirming] = useState(false)

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button asChild variant="outline" data-testid="problem-edit">
        <Link to={`/problems/${encodeURIComponent(problem.id)}/edit`}>
          <PencilIcon />
          Edit
        </Link>
      </Button>
      {confirming ? (
        <div className="flex items-center gap-2" role="group" aria-label="Confirm delete">
          <span className="text-sm text-muted-foreground">Delete for everyone?</span>
          <Button
            variant="destructive"
            size="sm"
            disabled={remove.isPending}
            data-testid="problem-delete-confirm"
            onClick={() => {
              remove.mutate(undefined, {
                onSuccess: () => {
                  toast.success('Problem deleted', { description: problem.title })
                  void navigate('/problems')
                },
                onError: (err) => {
                  toast.error(err.message)
                  setConfirming(false)
                },
              })
            }}
          >
            Delete
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setConfirming(false)
            }}
          >
            Keep
          </Button>
        </div>
      ) : (
        <Button
          variant="outline"
          data-testid="problem-delete"
          disabled={problem.builtIn}
          title={problem.builtIn ? 'Built-in problems cannot be deleted; edit it instead.' : undefined}
          onClick={() => {
            setConfirming(true)
          }}
        >
          <Trash2Icon />
          Delete
        </Button>
      )}
    </div>
  )
}
