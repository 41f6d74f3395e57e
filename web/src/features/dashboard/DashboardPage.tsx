import { CalendarCheck2Icon, CalendarClockIcon, HistoryIcon, ListIcon, RadioIcon, type LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { InterviewCard } from '@/features/interviews/components/InterviewCard'
import { ScheduleActions } from '@/features/interviews/components/ScheduleActions'
import type { Interview } from '@/features/interviews/schema'
import { useDashboard } from '@/features/interviews/useInterviews'
import { displayName } from '@/features/session/present'
import { RoleBadge } from '@/features/session/RoleBadge'
import type { Role, User } from '@/features/session/schema'
import { useMe } from '@/features/session/useMe'
import { useNow } from '@/hooks/useNow'
import { cn } from '@/lib/utils'

const upcomingEmpty: Record<Role, string> = {
  candidate:
    'Nothing scheduled yet. When an interviewer schedules an interview with you, it shows up here and you get an email with a calendar invite.',
  interviewer: 'Nothing scheduled. Use “Schedule interview” to book one with a candidate, or start an instant interview now.',
  admin: 'Nobody has an interview coming up. Use “Schedule interview” to book one, or start an instant interview now.',
}

const intro: Record<Role, string> = {
  candidate: 'Your interviews, in your time zone. Join a live one from here.',
  interviewer: 'The interviews you are on, in your time zone.',
  admin: 'Every interview on this server, in your time zone.',
}

function Greeting({ user }: { user: User }) {
  return (
    <section
      className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between"
      data-testid="dashboard-greeting"
      data-role={user.role}
    >
      <div className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-2xl font-semibold tracking-tight">Welcome, {displayName(user)}</h1>
          <RoleBadge role={user.role} />
        </div>
        <p className="text-sm text-muted-foreground">{intro[user.role]}</p>
      </div>
      <ScheduleActions me={user} />
    </section>
  )
}

function Section({
  testId,
  title,
  Icon,
  count,
  empty,
  children,
  className,
}: {
  testId: string
  title: string
  Icon: LucideIcon
  count?: number
  empty: string | null
  children: ReactNode
  className?: string
}) {
  return (
    <section className={cn('space-y-3', className)} data-testid={testId} aria-label={title}>
      <h2 className="flex items-center gap-2 text-sm font-medium text-muted-foreground">
        <Icon className="size-4" />
        {title}
        {count ? <span className="rounded-full bg-muted px-1.5 text-xs tabular-nums">{count}</span> : null}
      </h2>
      {empty !== null ? (
        <p className="rounded-xl border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <div className="space-y-3">{children}</div>
      )}
    </section>
  )
}

function Cards({ interviews, viewerId, now }: { interviews: Interview[]; viewerId: string; now: Date }) {
  return interviews.map((interview) => <InterviewCard key={interview.id} interview={interview} viewerId={viewerId} now={now} />)
}

/** `/`: the signed-in user's interviews — live now, upcoming, past — kept current by the live stream. */
export function DashboardPage() {
  const me = useMe()
  const dashboard = useDashboard()
  const now = useNow()
  const user = me.data

  let body
  if (dashboard.data && user) {
    const { live, upcoming, past } = dashboard.data
    body = (
      <>
        <Section
          testId="dashboard-live"
          title="Live now"
          Icon={RadioIcon}
          count={live.length}
          empty={live.length === 0 ? 'No interview is live right now. Interviews move here when they start.' : null}
          className={cn(live.length > 0 && 'rounded-2xl border border-emerald-600/20 bg-emerald-50/30 p-4 dark:border-emerald-400/20 dark:bg-emerald-400/5')}
        >
          <Cards interviews={live} viewerId={user.id} now={now} />
        </Section>
        <Section
          testId="dashboard-upcoming"
          title="Upcoming"
          Icon={CalendarClockIcon}
          count={upcoming.length}
          empty={upcoming.length === 0 ? upcomingEmpty[user.role] : null}
        >
          <Cards interviews={upcoming} viewerId={user.id} now={now} />
        </Section>
        <Section
          testId="dashboard-past"
          title="Past"
          Icon={HistoryIcon}
          count={past.length}
          empty={past.length === 0 ? 'Finished and cancelled interviews are kept here.' : null}
        >
          <Cards interviews={past} viewerId={user.id} now={now} />
        </Section>
      </>
    )
  } else if (dashboard.isError) {
    body = <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} retrying={dashboard.isFetching} />
  } else {
    body = (
      <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading your interviews">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-20 w-full rounded-xl" />
        ))}
      </div>
    )
  }

  return (
    <div className="space-y-8" data-testid="dashboard">
      {user ? <Greeting user={user} /> : null}
      {user?.role === 'admin' ? (
        <div className="flex justify-end">
          <Button asChild variant="ghost" size="sm">
            <Link to="/interviews" data-testid="dashboard-all-interviews">
              <ListIcon />
              All interviews, with filters
            </Link>
          </Button>
        </div>
      ) : null}
      {body}
      {user && dashboard.data && user.role === 'candidate' && dashboard.data.upcoming.length > 0 ? (
        <p className="flex items-center gap-2 text-xs text-muted-foreground">
          <CalendarCheck2Icon className="size-3.5" />
          You get a reminder by email a day and 15 minutes before each interview.
        </p>
      ) : null}
    </div>
  )
}
