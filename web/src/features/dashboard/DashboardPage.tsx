import { ActivityIcon, ArrowRightIcon, CalendarDaysIcon, CodeXmlIcon, UsersIcon, VideoIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { displayName } from '@/features/session/present'
import { RoleBadge } from '@/features/session/RoleBadge'
import type { Role, User } from '@/features/session/schema'
import { UserAvatar } from '@/features/session/UserAvatar'
import { useMe } from '@/features/session/useMe'
import { StatusBadge } from '@/features/status/StatusBadge'
import { useHealth } from '@/features/status/useHealth'

const planned = [
  {
    Icon: CalendarDaysIcon,
    title: 'Interviews & scheduling',
    text: 'Book interviews between interviewers and candidates, with reminders, calendar invites, notes and outcomes.',
  },
  {
    Icon: VideoIcon,
    title: 'Call room',
    text: 'A video call in the browser for each interview, with screen sharing and optional recording.',
  },
  {
    Icon: CodeXmlIcon,
    title: 'Collaborative editor',
    text: 'A shared code editor that candidate and interviewer type into live, with the session kept for replay.',
  },
]

// What each role can expect here, honestly: interviews are not built yet.
const roleIntro: Record<Role, string> = {
  candidate:
    'You are signed up as a candidate. When an interviewer schedules an interview with you, it will show up here with its call room and shared editor — scheduling arrives in a coming release.',
  interviewer:
    'You are an interviewer. Soon you will schedule interviews with candidates from here and run them in a call room with a shared editor — scheduling arrives in a coming release.',
  admin:
    'You are an admin: you decide who interviews and who is interviewed. Interviews themselves arrive in a coming release; until then you can manage users and watch the system status.',
}

function Greeting({ user }: { user: User }) {
  const name = displayName(user)
  return (
    <section className="flex flex-col gap-5 sm:flex-row sm:items-start" data-testid="dashboard-greeting" data-role={user.role}>
      <UserAvatar user={user} className="size-14 text-base max-sm:hidden" />
      <div className="min-w-0 flex-1 space-y-3">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-3xl font-semibold tracking-tight">Welcome, {name}</h1>
          <RoleBadge role={user.role} className="text-sm" />
        </div>
        <p className="max-w-2xl text-muted-foreground">{roleIntro[user.role]}</p>
        {user.role === 'admin' ? (
          <Button asChild variant="outline" size="sm">
            <Link to="/admin/users" data-testid="dashboard-admin-users">
              <UsersIcon />
              Manage users
            </Link>
          </Button>
        ) : null}
      </div>
    </section>
  )
}

export function DashboardPage() {
  const health = useHealth()
  const me = useMe()

  return (
    <div className="space-y-10">
      {me.data ? <Greeting user={me.data} /> : null}

      <Link
        to="/status"
        className="group block rounded-xl outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        data-testid="dashboard-status-link"
      >
        <Card className="transition-colors group-hover:border-foreground/20">
          <CardHeader className="flex-row items-center gap-4">
            <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted">
              <ActivityIcon className="size-5" />
            </span>
            <div className="min-w-0 flex-1 space-y-1.5">
              <CardTitle className="flex items-center gap-2">
                System status
                {health.data ? <StatusBadge status={health.data.status} /> : null}
              </CardTitle>
              <CardDescription>
                {health.isError && !health.data
                  ? 'The server is not answering right now.'
                  : 'Check the database, identity, video and mail services this server depends on.'}
              </CardDescription>
            </div>
            <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </CardHeader>
        </Card>
      </Link>

      <section className="space-y-4">
        <h2 className="text-sm font-medium text-muted-foreground">Coming next</h2>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          {planned.map(({ Icon, title, text }) => (
            <Card key={title}>
              <CardHeader>
                <div className="flex items-center justify-between">
                  <Icon className="size-5 text-muted-foreground" />
                  <Badge variant="secondary">Planned</Badge>
                </div>
              </CardHeader>
              <CardContent className="space-y-1.5">
                <CardTitle>{title}</CardTitle>
                <CardDescription>{text}</CardDescription>
              </CardContent>
            </Card>
          ))}
        </div>
      </section>
    </div>
  )
}
