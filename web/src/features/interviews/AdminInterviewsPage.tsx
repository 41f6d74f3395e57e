import { CalendarSearchIcon, FilterXIcon } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router'

import { ChoiceSelect } from '@/components/ChoiceSelect'
import { EmptyState } from '@/components/EmptyState'
import { FormField } from '@/components/FormField'
import { PageHeader } from '@/components/PageHeader'
import { Pager } from '@/components/Pager'
import { QueryView } from '@/components/QueryView'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { displayName } from '@/features/session/present'
import { useMe } from '@/features/session/useMe'
import { cn } from '@/lib/utils'

import { AvatarStack } from './components/AvatarStack'
import { InterviewStatusBadge, OutcomeBadge } from './components/InterviewBadges'
import { PeoplePicker } from './components/PeoplePicker'
import { ScheduleActions } from './components/ScheduleActions'
import type { InterviewFilters } from './keys'
import { outcomeLabels, statusLabels } from './present'
import {
  INTERVIEW_STATUSES,
  OUTCOMES,
  type Interview,
  type InterviewStatus,
  type Outcome,
  type PickerUser,
} from './schema'
import { endOfLocalDay, formatTimeRange, startOfLocalDay } from './time'
import { useInterviewList } from './useInterviews'

export const INTERVIEWS_PAGE_SIZE = 20

/** /interviews: every interview, filtered and paged (admins; the server scopes others to their own). */
export function AdminInterviewsPage() {
  const me = useMe()
  const [status, setStatus] = useState<InterviewStatus | ''>('')
  const [outcome, setOutcome] = useState<Outcome | ''>('')
  const [person, setPerson] = useState<PickerUser | null>(null)
  const [fromDay, setFromDay] = useState('')
  const [toDay, setToDay] = useState('')
  const [page, setPage] = useState(1)

  const filters: InterviewFilters = {
    status,
    outcome,
    person: person?.id ?? '',
    from: (fromDay && startOfLocalDay(fromDay)) || '',
    to: (toDay && endOfLocalDay(toDay)) || '',
    page,
    pageSize: INTERVIEWS_PAGE_SIZE,
  }
  const list = useInterviewList(filters)
  const filtered = Boolean(status || outcome || person || fromDay || toDay)

  const data = list.data
  const total = data?.total ?? 0
  const pageSize = data?.pageSize ?? INTERVIEWS_PAGE_SIZE

  // Every filter change goes back to the first page.
  const onFilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      setPage(1)
    }

  const reset = () => {
    setStatus('')
    setOutcome('')
    setPerson(null)
    setFromDay('')
    setToDay('')
    setPage(1)
  }

  const body = (
    <QueryView query={list} loadingLabel="Loading interviews">
      {(d) =>
        d.interviews.length === 0 ? (
          <EmptyState icon={CalendarSearchIcon} title="No interviews found" testId="admin-interviews-empty">
            {filtered ? 'Nothing matches these filters. Widen the date range or clear the filters.' : 'Nobody has scheduled an interview yet.'}
          </EmptyState>
        ) : (
          <InterviewsTable interviews={d.interviews} stale={list.isPlaceholderData} />
        )
      }
    </QueryView>
  )

  return (
    <div className="space-y-6">
      <PageHeader
        title="All interviews"
        description="Every interview on this server. Times are in your time zone."
        actions={me.data ? <ScheduleActions me={me.data} /> : null}
      />

      <div className="grid gap-3 rounded-xl border bg-card p-4 sm:grid-cols-2 lg:grid-cols-[10rem_10rem_1fr_auto_auto_auto] lg:items-end">
        <FormField name="filter-status" label="Status" htmlFor="filter-status" className="space-y-1.5">
          <ChoiceSelect
            id="filter-status"
            options={INTERVIEW_STATUSES}
            labels={statusLabels}
            anyLabel="Any status"
            value={status}
            onValueChange={onFilter(setStatus)}
            data-testid="admin-interviews-filter-status"
          />
        </FormField>
        <FormField name="filter-outcome" label="Outcome" htmlFor="filter-outcome" className="space-y-1.5">
          <ChoiceSelect
            id="filter-outcome"
            options={OUTCOMES}
            labels={outcomeLabels}
            anyLabel="Any outcome"
            value={outcome}
            onValueChange={onFilter(setOutcome)}
            data-testid="admin-interviews-filter-outcome"
          />
        </FormField>
        <FormField name="filter-person" label="Person" htmlFor="filter-person" className="space-y-1.5 sm:col-span-2 lg:col-span-1">
          <PeoplePicker
            roles={['']}
            mode="single"
            value={person ? [person] : []}
            onChange={(people) => {
              onFilter(setPerson)(people[0] ?? null)
            }}
            testId="admin-interviews-filter-person"
            inputId="filter-person"
            placeholder={person ? 'Search to replace' : 'Anyone: search by name or email'}
          />
        </FormField>
        <FormField name="filter-from" label="From" htmlFor="filter-from" className="space-y-1.5">
          <Input
            id="filter-from"
            type="date"
            value={fromDay}
            max={toDay || undefined}
            onChange={(event) => {
              onFilter(setFromDay)(event.target.value)
            }}
            data-testid="admin-interviews-filter-from"
          />
        </FormField>
        <FormField name="filter-to" label="To" htmlFor="filter-to" className="space-y-1.5">
          <Input
            id="filter-to"
            type="date"
            value={toDay}
            min={fromDay || undefined}
            onChange={(event) => {
              onFilter(setToDay)(event.target.value)
            }}
            data-testid="admin-interviews-filter-to"
          />
        </FormField>
        <Button variant="ghost" onClick={reset} disabled={!filtered} data-testid="admin-interviews-reset">
          <FilterXIcon />
          Clear
        </Button>
      </div>

      {body}

      {data && total > 0 ? (
        <Pager page={page} pageSize={pageSize} total={total} loading={list.isPlaceholderData} onPage={setPage} testIdPrefix="admin-interviews" />
      ) : null}
    </div>
  )
}

function InterviewsTable({ interviews, stale }: { interviews: Interview[]; stale: boolean }) {
  return (
    <div className={cn('transition-opacity md:rounded-xl md:border md:bg-card', stale && 'opacity-60')}>
      <Table className="max-md:block">
        <TableHeader className="max-md:hidden">
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-4">Interview</TableHead>
            <TableHead>When</TableHead>
            <TableHead>Candidate</TableHead>
            <TableHead>Interviewers</TableHead>
            <TableHead className="pr-4">Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody className="max-md:flex max-md:flex-col max-md:gap-3 max-md:[&_tr:last-child]:border">
          {interviews.map((interview) => (
            <TableRow
              key={interview.id}
              data-testid="admin-interviews-row"
              data-id={interview.id}
              data-status={interview.status}
              data-outcome={interview.outcome ?? ''}
              className="max-md:flex max-md:flex-col max-md:gap-2 max-md:rounded-xl max-md:border max-md:bg-card max-md:p-4"
            >
              <TableCell className="pl-4 font-medium max-md:p-0">
                <Link to={`/interviews/${encodeURIComponent(interview.id)}`} className="hover:underline">
                  {interview.title}
                </Link>
              </TableCell>
              <TableCell className="text-muted-foreground max-md:p-0">
                {formatTimeRange(interview.startsAt, interview.endsAt)}
              </TableCell>
              <TableCell className="max-md:p-0">{displayName(interview.candidate)}</TableCell>
              <TableCell className="max-md:p-0">
                <AvatarStack people={interview.interviewers} />
              </TableCell>
              <TableCell className="pr-4 max-md:p-0">
                <div className="flex flex-wrap items-center gap-1.5">
                  <InterviewStatusBadge status={interview.status} />
                  {interview.outcome ? <OutcomeBadge outcome={interview.outcome} /> : null}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  )
}
