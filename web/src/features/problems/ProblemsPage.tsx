import { BookOpenIcon, PlusIcon, XIcon } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Link, useNavigate } from 'react-router'

import { ChoiceSelect } from '@/components/ChoiceSelect'
import { EmptyState } from '@/components/EmptyState'
import { PageHeader } from '@/components/PageHeader'
import { QueryView } from '@/components/QueryView'
import { SearchInput } from '@/components/SearchInput'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'
import { cn } from '@/lib/utils'

import { DifficultyBadge } from './components/DifficultyBadge'
import { difficultyLabels } from './present'
import { DIFFICULTIES, type Difficulty, type ProblemSummary } from './schema'
import { useProblemList } from './useProblems'

export const SEARCH_DEBOUNCE_MS = 300

/** /problems: the question bank (interviewers and admins; the route and the server both check). */
export function ProblemsPage() {
  const [search, setSearch] = useState('')
  const [difficulty, setDifficulty] = useState<Difficulty | ''>('')
  const [tag, setTag] = useState('')
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS)
  const list = useProblemList({ q, difficulty, tag })
  const problems = list.data?.problems

  // The tag chips: every tag of the problems shown, most used first; the selected tag stays even if none match.
  const tags = useMemo(() => {
    const counts = new Map<string, number>()
    for (const p of problems ?? []) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1)
    if (tag && !counts.has(tag)) counts.set(tag, 0)
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t)
  }, [problems, tag])

  const filtered = Boolean(q || difficulty || tag)
  const body = (
    <QueryView query={list} loadingLabel="Loading problems">
      {({ problems: shown }) =>
        shown.length === 0 ? (
          <EmptyState icon={BookOpenIcon} title="No problems found" testId="problems-empty">
            {filtered ? 'Nothing matches these filters. Try another search, difficulty or tag.' : 'The bank is empty. Write the first problem.'}
          </EmptyState>
        ) : (
          <ProblemList problems={shown} stale={list.isPlaceholderData} onTag={setTag} />
        )
      }
    </QueryView>
  )

  return (
    <div className="space-y-6">
      <PageHeader
        title="Problems"
        description="The question bank: built-in problems and the ones your team writes, each with starter code and tests."
        actions={
          <Button asChild data-testid="problem-new">
            <Link to="/problems/new">
              <PlusIcon />
              New problem
            </Link>
          </Button>
        }
      />

      <div className="flex flex-col gap-3 sm:flex-row">
        <SearchInput
          type="search"
          wrapperClassName="flex-1"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value)
          }}
          placeholder="Search titles and tags"
          aria-label="Search problems"
          data-testid="problems-search"
        />
        <ChoiceSelect
          options={DIFFICULTIES}
          labels={difficultyLabels}
          anyLabel="All difficulties"
          value={difficulty}
          onValueChange={setDifficulty}
          aria-label="Filter by difficulty"
          wrapperClassName="sm:w-44"
          data-testid="problems-difficulty"
        />
      </div>

      {tags.length > 0 ? (
        <div className="flex flex-wrap gap-2" aria-label="Filter by tag" data-testid="problems-tags">
          {tags.map((t) => {
            const active = t === tag
            return (
              <button
                key={t}
                type="button"
                aria-pressed={active}
                data-testid="problems-tag"
                data-tag={t}
                onClick={() => {
                  setTag(active ? '' : t)
                }}
                className={cn(
                  'inline-flex items-center gap-1 rounded-full border px-3 py-1 text-xs font-medium transition-colors',
                  active ? 'border-primary bg-primary text-primary-foreground' : 'hover:bg-accent hover:text-accent-foreground',
                )}
              >
                {t}
                {active ? <XIcon className="size-3" aria-label="clear" /> : null}
              </button>
            )
          })}
        </div>
      ) : null}

      {body}
    </div>
  )
}

/** The problems as a table on wide screens and cards on narrow ones; a row opens the problem. */
function ProblemList({ problems, stale, onTag }: { problems: ProblemSummary[]; stale: boolean; onTag: (tag: string) => void }) {
  const navigate = useNavigate()
  return (
    <ul className={cn('divide-y rounded-lg border transition-opacity', stale && 'opacity-60')} data-testid="problems-list">
      {problems.map((p) => (
        <li
          key={p.id}
          data-testid="problem-row"
          data-slug={p.slug}
          className="grid cursor-pointer gap-2 px-4 py-3 hover:bg-muted/50 sm:grid-cols-[1fr_auto] sm:items-center"
          onClick={(event) => {
            // Clicks on the tag chips filter instead of opening.
            if ((event.target as HTMLElement).closest('button, a')) return
            void navigate(`/problems/${encodeURIComponent(p.id)}`)
          }}
        >
          <div className="min-w-0 space-y-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link to={`/problems/${encodeURIComponent(p.id)}`} className="truncate font-medium hover:underline">
                {p.title}
              </Link>
              {p.builtIn ? (
                <Badge variant="outline" className="text-muted-foreground">
                  Built-in
                </Badge>
              ) : null}
            </div>
            {p.tags.length > 0 ? (
              <div className="flex flex-wrap gap-1">
                {p.tags.map((t) => (
                  <button
                    key={t}
                    type="button"
                    className="rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground hover:text-foreground"
                    onClick={() => {
                      onTag(t)
                    }}
                  >
                    {t}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
          <DifficultyBadge difficulty={p.difficulty} />
        </li>
      ))}
    </ul>
  )
}
